"""Uploads (portal/core/uploads.py): every bad image or document is refused with a clear form
error on every admin upload path (add form, multiple upload, chooser's upload tab, edit), as a
superuser and as an office editor; nothing is stored; memory stays bounded; documents are served
as attachments; the admin's image preview refuses absurd sizes."""

import html
import io
import json
import os
import resource
import struct
import traceback
import warnings
import zlib

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils._os import safe_join
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import UploadedFile
from wagtail.users.models import UserProfile

from offices.groups import sync_office_groups
from portal.core.uploads import SafeImageField
from tests.support import factories as f

pytestmark = pytest.mark.django_db

# The messages an editor reads (English here; Wagtail's own are translated by Wagtail).
TOO_BIG = "This file is too big"
TOO_MANY_PIXELS = "This file has too many pixels ({pixels}). Maximum pixels 40000000."
DAMAGED = "This file is incomplete or damaged."
MARKUP = "This file contains HTML, SVG or script, which cannot be uploaded here."
NOT_AN_IMAGE = "Upload a valid image."
TOO_MANY_FRAMES = (
    "This animation is too large: its frames of {width} × {height} pixels add up to more than "
    "40,000,000 pixels."
)
EXTENSION = "File extension “{extension}” is not allowed."
MISMATCH = "The contents of this file do not match its extension (.{extension})."

# ---------------------------------------------------------------------------------------------
# Files, good and bad, made in a few milliseconds.


def png(width=40, height=30):
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def jpeg(width=160, height=120):
    out = io.BytesIO()
    PILImage.effect_noise((width, height), 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width, height, idat=b""):
    """A PNG whose header declares width x height RGB pixels, with the given compressed data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat or zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def png_bomb(width=7000, height=7000):
    """A valid PNG of black pixels, 140 KB that decode to width x height x 3 bytes (147 MB).

    Its deflate stream repeats one compressed block of 100 rows (each block starts afresh after a
    full flush), so it is made in a fraction of a second.
    """
    rows = b"\x00" * (1 + width * 3) * 100  # each row: filter byte 0, then the pixels
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(rows) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(height // 100):
        checksum = zlib.adler32(rows, checksum)
    stream = b"\x78\xda" + block * (height // 100) + b"\x03\x00" + struct.pack(">I", checksum)
    return png_declaring(width, height, stream)


def gif(width, height, frames, frame_size=1):
    """A GIF whose logical screen is width x height, with `frames` small frames of one colour."""
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    side = struct.pack("<HH", frame_size, frame_size)
    lzw = {1: b"\x02\x02\x44\x01\x00"}[frame_size]  # min code size 2, one sub-block, end
    control = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"  # 0.1 s per frame
    frame = control + b"\x2c" + struct.pack("<HH", 0, 0) + side + b"\x00" + lzw
    return b"GIF89a" + screen + frame * frames + b"\x3b"


def pdf():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
SCRIPT = b"<script>fetch('/admin/users/').then(r => r.text()).then(alert)</script>"
JAVASCRIPT = b"alert(document.cookie);\n"

# ---------------------------------------------------------------------------------------------
# People and the upload paths they use.


@pytest.fixture
def office():
    return sync_office_groups(f.OfficeFactory(name_en="Norway", country="NO"))


@pytest.fixture(params=["superuser", "editor"])
def uploader(request, client, django_user_model, office):
    """A client logged in as a superuser or as a member of the office's editors group."""
    if request.param == "superuser":
        user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    else:
        user = django_user_model.objects.create_user("nora", "nora@example.org", "pw")
        user.groups.add(Group.objects.get(pk=office.editors.pk))
    client.force_login(user)
    return client


def upload_form(client, kind, collection, name, content):
    """The add form (Images > Add an image / Documents > Add a document)."""
    url = reverse("wagtailimages:add" if kind == "image" else "wagtaildocs:add")
    data = {
        "title": "Upload",
        "collection": collection.pk,
        "file": SimpleUploadedFile(name, content),
    }
    response = client.post(url, data)
    return response.status_code, "" if response.status_code == 302 else response.content.decode()


def upload_multiple(client, kind, collection, name, content):
    """The multiple uploader (drag and drop), which posts each file on its own."""
    url = reverse("wagtailimages:add_multiple" if kind == "image" else "wagtaildocs:add_multiple")
    data = {"collection": collection.pk, "files[]": SimpleUploadedFile(name, content)}
    response = client.post(url, data, headers={"x-requested-with": "XMLHttpRequest"})
    payload = response.json()
    return response.status_code, payload.get("error_message", "") if not payload["success"] else ""


def upload_chooser(client, kind, collection, name, content):
    """The Upload tab of the image or document chooser, in the page editor."""
    url = reverse(f"wagtail{'images' if kind == 'image' else 'docs'}_chooser:create")
    prefix = f"{kind}-chooser-upload"
    data = {
        f"{prefix}-title": "Upload",
        f"{prefix}-collection": collection.pk,
        f"{prefix}-file": SimpleUploadedFile(name, content),
    }
    response = client.post(url, data)
    payload = response.json()
    if payload["step"] != "reshow_creation_form":
        return response.status_code, ""
    return response.status_code, payload["htmlFragment"]


UPLOAD_PATHS = [upload_form, upload_multiple, upload_chooser]


def stored_files(path=""):
    directories, files = default_storage.listdir(path)
    found = {os.path.join(path, name) for name in files}
    for directory in directories:
        found |= stored_files(os.path.join(path, directory))
    return found


def assert_refused(client, kind, collection, name, content, message):
    """Every upload path answers 200 with `message` on the form, and stores nothing."""
    before = stored_files()
    for upload in UPLOAD_PATHS:
        status, text = upload(client, kind, collection, name, content)
        assert status == 200, upload.__name__
        assert message in html.unescape(text), (upload.__name__, text[:2000])
        assert "File extension “” is not allowed" not in html.unescape(text)  # the one reason
    assert not Image.objects.exists()
    assert not Document.objects.exists()
    assert not UploadedFile.objects.exists()
    assert stored_files() == before


# ---------------------------------------------------------------------------------------------
# Images.


def test_good_images_upload_into_the_office_collection(uploader, office):
    good = [("photo.jpg", jpeg()), ("drawing.png", png()), ("wave.gif", gif(200, 100, 5))]
    for upload, (name, content) in zip(UPLOAD_PATHS, good, strict=True):
        status, error = upload(uploader, "image", office.collection, name, content)
        assert status in (200, 302), upload.__name__  # the add form redirects when it saves
        assert error == "", upload.__name__
    images = Image.objects.all()
    assert len(images) == 3
    for image in images:
        assert image.collection == office.collection
        assert default_storage.exists(image.file.name)
    assert {(image.width, image.height) for image in images} == {(160, 120), (40, 30), (200, 100)}


@override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=100)
def test_uploads_written_to_temporary_files_are_checked_and_saved(uploader, office):
    """Files over FILE_UPLOAD_MAX_MEMORY_SIZE reach the form as temporary files on disk: the
    checks read them without closing them, and the good ones are saved whole."""
    good = [("wave.gif", gif(200, 100, 5)), ("photo.jpg", jpeg()), ("drawing.png", png())]
    for upload, (name, content) in zip(UPLOAD_PATHS, good, strict=True):
        status, error = upload(uploader, "image", office.collection, name, content)
        assert status in (200, 302), upload.__name__
        assert error == "", upload.__name__
    stored = {image.file.read() for image in Image.objects.all()}
    assert stored == {content for _name, content in good}
    before = stored_files()
    status, text = upload_form(uploader, "image", office.collection, "half.jpg", jpeg()[:900])
    assert status == 200
    assert DAMAGED in html.unescape(text)
    assert stored_files() == before


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=10_000)
def test_image_over_the_size_limit(uploader, office):
    content = jpeg(400, 300)
    assert len(content) > 10_000
    assert_refused(uploader, "image", office.collection, "big.jpg", content, TOO_BIG)


def test_image_over_the_pixel_limit(uploader, office):
    message = TOO_MANY_PIXELS.format(pixels=49_000_000)
    assert_refused(uploader, "image", office.collection, "7000.png", png_bomb(), message)


@pytest.mark.parametrize(
    ("name", "content", "pixels"),
    [
        ("bomb.png", png_declaring(50_000, 50_000), 2_500_000_000),
        ("bomb.gif", gif(65_535, 65_535, 1), 65_535 * 65_535),
    ],
    ids=["png", "gif"],
)
def test_decompression_bomb(uploader, office, name, content, pixels):
    message = TOO_MANY_PIXELS.format(pixels=pixels)
    assert_refused(uploader, "image", office.collection, name, content, message)


def test_huge_animated_gif(uploader, office):
    """2,000 x 2,000 pixels is allowed once; eleven frames of it (44 megapixels) are not."""
    content = gif(2000, 2000, 11)
    message = TOO_MANY_FRAMES.format(width="2,000", height="2,000")
    assert_refused(uploader, "image", office.collection, "long.gif", content, message)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("half.jpg", jpeg()[: len(jpeg()) // 2]),
        ("half.png", png(300, 200)[:300]),
        ("header-only.png", b"\x89PNG\r\n\x1a\n" + b"not a chunk" * 10),
    ],
    ids=["half.jpg", "half.png", "header-only.png"],
)
def test_truncated_or_damaged_image(uploader, office, name, content):
    assert_refused(uploader, "image", office.collection, name, content, DAMAGED)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.jpg", HTML, MARKUP),
        ("script.png", SCRIPT, MARKUP),
        ("drawing.svg", SVG, MARKUP),
        ("drawing.png", SVG, MARKUP),
        ("script.gif", JAVASCRIPT, NOT_AN_IMAGE),
    ],
    ids=["html.jpg", "script.png", "svg.svg", "svg.png", "js.gif"],
)
def test_html_script_or_svg_as_an_image(uploader, office, name, content, message):
    assert_refused(uploader, "image", office.collection, name, content, message)


def test_replacing_an_image_file_is_checked_too(uploader, office):
    upload_form(uploader, "image", office.collection, "photo.jpg", jpeg())
    image = Image.objects.get()
    original = image.file.name

    response = uploader.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Photo",
            "collection": office.collection.pk,
            "file": SimpleUploadedFile("photo.png", png_declaring(50_000, 50_000)),
        },
    )

    assert response.status_code == 200
    assert TOO_MANY_PIXELS.format(pixels=2_500_000_000) in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == original
    assert (image.width, image.height) == (160, 120)


def test_oversized_upload_is_not_kept(office, client, django_user_model):
    """Past the largest upload allowed (10 MB) nothing more of the file is stored, in memory or
    on disk; the form still names the real size."""
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    content = b"\xff\xd8\xff" + b"\x00" * limit  # 10 MB and 3 bytes

    request = RequestFactory().post("/", {"file": SimpleUploadedFile("huge.jpg", content)})
    upload = request.FILES["file"]
    assert upload.size == len(content)
    assert upload.read() == b""

    user = django_user_model.objects.create_user("nora", "nora@example.org", "pw")
    user.groups.add(Group.objects.get(pk=office.editors.pk))
    client.force_login(user)
    status, text = upload_form(client, "image", office.collection, "huge.jpg", content)
    assert status == 200
    assert "This file is too big (10.0\xa0MB). Maximum filesize 10.0\xa0MB." in html.unescape(text)
    assert not Image.objects.exists()


def test_errors_are_in_the_editors_language(client, django_user_model, office):
    user = django_user_model.objects.create_user("nora", "nora@example.org", "pw")
    user.groups.add(Group.objects.get(pk=office.editors.pk))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(user)

    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=10_000):
        _status, big = upload_form(client, "image", office.collection, "big.jpg", jpeg(400, 300))
    _status, bomb = upload_form(
        client, "image", office.collection, "bomb.png", png_declaring(50_000, 50_000)
    )

    assert "Ce fichier est trop gros" in html.unescape(big)
    assert "Ce fichier a un trop grand nombre de pixels (2500000000)" in html.unescape(bomb)
    assert TOO_MANY_PIXELS.format(pixels=2_500_000_000) not in html.unescape(bomb)


def peak_memory_growth(task):
    """Run `task` in a forked child process; its result, and how far the child's peak resident
    memory rose above where it started (KB)."""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        pid = os.fork()  # Python 3.12+ warns when the test process has threads
    if pid == 0:  # the child: measure, report, and leave without any of pytest's teardown
        status = 1
        try:
            baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result = task()
            growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
            os.write(write_end, json.dumps({"result": result, "growth_kb": growth}).encode())
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        report = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    assert status == 0, "the child process failed: see its traceback above"
    report = json.loads(report)
    return report["result"], report["growth_kb"]


def test_bombs_and_huge_gifs_are_refused_in_bounded_memory():
    """A real bomb (140 KB of PNG that decode to 147 MB), a bomb's header (2.5 gigapixels), a GIF
    whose first frame alone is 81 megapixels and an animation of 5,000 frames of 4 megapixels
    each: all refused, and peak memory grows by less than 100 MB."""
    files = [
        ("bomb.png", png_bomb(7000, 7000)),
        ("bomb-header.png", png_declaring(50_000, 50_000)),
        ("screen.gif", gif(9000, 9000, 1)),
        ("long.gif", gif(2000, 2000, 5000)),
    ]
    field = SafeImageField()
    field.clean(SimpleUploadedFile("warm-up.png", png()))  # Pillow's plugins loaded before

    def validate_all():
        codes = []
        for name, content in files:
            try:
                field.clean(SimpleUploadedFile(name, content))
                codes.append("accepted")
            except ValidationError as error:
                codes.append(error.code)
        return codes

    codes, growth_kb = peak_memory_growth(validate_all)

    assert codes == [
        "file_too_many_pixels",
        "file_too_many_pixels",
        "file_too_many_pixels",
        "too_many_frames",
    ]
    assert growth_kb < 100 * 1024


# ---------------------------------------------------------------------------------------------
# Documents.


def test_good_documents_upload_into_the_office_collection(uploader, office):
    good = [("report.pdf", pdf()), ("notes.txt", b"Plain notes.\n"), ("data.csv", b"a,b\n1,2\n")]
    for upload, (name, content) in zip(UPLOAD_PATHS, good, strict=True):
        status, error = upload(uploader, "document", office.collection, name, content)
        assert status in (200, 302), upload.__name__
        assert error == "", upload.__name__
    documents = Document.objects.all()
    assert sorted(document.file_extension for document in documents) == ["csv", "pdf", "txt"]
    for document in documents:
        assert document.collection == office.collection
        assert default_storage.exists(document.file.name)


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1000)
def test_document_over_the_size_limit(uploader, office):
    content = b"%PDF-1.4\n" + b"0" * 2000
    assert_refused(uploader, "document", office.collection, "big.pdf", content, TOO_BIG)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", HTML, EXTENSION.format(extension="html")),
        ("page.htm", HTML, EXTENSION.format(extension="htm")),
        ("drawing.svg", SVG, EXTENSION.format(extension="svg")),
        ("script.js", JAVASCRIPT, EXTENSION.format(extension="js")),
        ("page.txt", HTML, MARKUP),
        ("drawing.csv", b"\xef\xbb\xbf  " + SVG, MARKUP),
        ("page.pdf", HTML, MISMATCH.format(extension="pdf")),
        ("sheet.xlsx", SCRIPT, MISMATCH.format(extension="xlsx")),
    ],
    ids=["html", "htm", "svg", "js", "html.txt", "svg.csv", "html.pdf", "script.xlsx"],
)
def test_html_svg_or_script_as_a_document(uploader, office, name, content, message):
    assert_refused(uploader, "document", office.collection, name, content, message)


class RemoteStorage(InMemoryStorage):
    """Files with URLs but no local path, as in S3 (InMemoryStorage makes one up)."""

    def path(self, name):
        raise NotImplementedError("No local path: the files are elsewhere.")

    def _relative_path(self, name):  # InMemoryStorage's own, without self.path()
        return os.path.relpath(safe_join(self.location, name), self.location)


REMOTE_STORAGES = {
    **settings.STORAGES,
    "default": {"BACKEND": f"{__name__}.RemoteStorage"},
}


@override_settings(STORAGES=REMOTE_STORAGES)
def test_documents_are_served_as_attachments_and_never_sniffed(admin_client, office):
    """Through Wagtail's view, even from remote storage (not a redirect to the bucket): only PDF
    opens in the browser, under a CSP that allows nothing; the rest download; nothing sniffed."""
    upload_form(admin_client, "document", office.collection, "notes.txt", b"Plain notes.\n")
    upload_form(admin_client, "document", office.collection, "report.pdf", pdf())
    notes = Document.objects.get(file__endswith=".txt")
    report = Document.objects.get(file__endswith=".pdf")

    response = admin_client.get(notes.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"Plain notes.\n"

    response = admin_client.get(report.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


# ---------------------------------------------------------------------------------------------
# Image sizes chosen by URL.


def test_admin_preview_refuses_absurd_sizes(admin_client, office):
    upload_form(admin_client, "image", office.collection, "photo.png", png(400, 300))
    image = Image.objects.get()

    for spec in ["width-100000", "fill-0x0", "fill-1x100000", "fill-8000x8000", "width-0"]:
        response = admin_client.get(reverse("wagtailimages:preview", args=[image.pk, spec]))
        assert response.status_code == 400, spec
        assert "This preview size is not allowed." in response.content.decode()
    for spec in ["fill-", "width-abc", "scale-50", "format-html"]:
        response = admin_client.get(reverse("wagtailimages:preview", args=[image.pk, spec]))
        assert response.status_code == 400, spec

    for spec, size in [("width-200", (200, 150)), ("fill-100x100-c50", (100, 100))]:
        response = admin_client.get(reverse("wagtailimages:preview", args=[image.pk, spec]))
        assert response.status_code == 200
        assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).size == size


def test_preview_is_for_editors_of_the_image_only(client, django_user_model, office):
    upload_form_user = django_user_model.objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(upload_form_user)
    upload_form(client, "image", office.collection, "photo.png", png(400, 300))
    image = Image.objects.get()
    url = reverse("wagtailimages:preview", args=[image.pk, "width-100"])
    client.logout()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_dynamic_image_view_is_not_exposed(admin_client, office):
    """No public URL makes renditions of any size (Wagtail's wagtailimages_serve)."""
    upload_form(admin_client, "image", office.collection, "photo.png", png())
    image = Image.objects.get()
    with pytest.raises(NoReverseMatch):
        reverse("wagtailimages_serve", args=["signature", image.pk, "width-100000"])
    response = admin_client.get(
        reverse("wagtailimages:url_generator", args=[image.pk]), follow=True
    )
    assert response.status_code == 404
