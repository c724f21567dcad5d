"""Safe uploads: every image and document that reaches the admin is checked here first.

Wagtail builds its add, edit, multiple-upload and chooser-upload forms from the base forms named
in the settings (`WAGTAILIMAGES_IMAGE_FORM_BASE`, `WAGTAILDOCS_DOCUMENT_FORM_BASE`), so these
checks cover every upload path. Each bad file becomes a form error on the file field, in the
editor's language; nothing is stored.

Images (`SafeImageField`), in this order, each step reading no more than it needs:

1. size, before the file is read at all (`WAGTAILIMAGES_MAX_UPLOAD_SIZE`);
2. HTML, SVG or script, whatever the file is called;
3. extension and format (`WAGTAILIMAGES_EXTENSIONS`, which leaves SVG out);
4. pixels from the header only: width x height x frames against
   `WAGTAILIMAGES_MAX_IMAGE_PIXELS`. Wagtail's own field decodes the whole image before it
   counts (a 7,000 x 7,000 PNG of a few KB costs 150 MB) and counts one frame for a GIF; a
   decompression bomb or a long animation is refused here before any pixel is allocated;
5. a complete file: PNG chunks are checked (CRC), a JPEG is decoded at one eighth of its size
   and other formats decode their first frame, so a truncated or damaged file is refused now
   rather than failing later, when a page asks for a rendition.

Documents (`SafeDocumentField`): size; HTML, SVG or script in any document; for the binary
formats (PDF, Office, OpenDocument, RTF) contents that match the extension. Extensions are
limited by `WAGTAILDOCS_EXTENSIONS` (checked by Wagtail's document model) and documents are
served as attachments with `X-Content-Type-Options: nosniff` (`WAGTAILDOCS_SERVE_METHOD`).

`UploadSizeCapHandler` (first in `FILE_UPLOAD_HANDLERS`) stops storing an uploaded file once it
is larger than the largest upload allowed: the rest of the request is read but not kept, and the
form sees an empty stand-in of the real size, which the size check refuses.
"""

import io
import os
import re
import struct

import willow
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.validators import FileExtensionValidator
from django.forms.fields import FileField
from django.http import HttpResponseBadRequest
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from PIL import Image as PILImage
from wagtail.admin.auth import require_admin_access
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import Filter
from wagtail.images.views import images as images_views

# How much of the start of a file is looked at for markup, and where PDF's "%PDF-" may begin.
HEAD_BYTES = 1024

# The start of a file that a browser would take for a web page, SVG or XML (after a byte order
# mark and white space), as in the WHATWG MIME sniffing standard, plus SVG and PHP.
MARKUP_START = re.compile(
    rb"<(?:!doctype html|html|head|body|script|iframe|object|embed|svg|meta|style|title|h1|div"
    rb"|font|table|a|b|br|p|img)[\s>/]|<!--|<\?xml|<\?php",
    re.IGNORECASE,
)
BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

# What a document of each binary format starts with (PDF: within its first 1,024 bytes).
DOCUMENT_SIGNATURES = {
    "pdf": b"%PDF-",
    "docx": b"PK\x03\x04",
    "xlsx": b"PK\x03\x04",
    "pptx": b"PK\x03\x04",
    "odt": b"PK\x03\x04",
    "ods": b"PK\x03\x04",
    "odp": b"PK\x03\x04",
    "rtf": b"{\\rtf",
}

# Willow's format names and Pillow's, for the formats Wagtail accepts.
PILLOW_FORMATS = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WEBP",
    "avif": "AVIF",
    "heic": "HEIF",  # pillow-heif's, should WAGTAILIMAGES_EXTENSIONS ever include it
}

MARKUP_MESSAGE = _("This file contains HTML, SVG or script, which cannot be uploaded here.")
DAMAGED_MESSAGE = _(
    "This file is incomplete or damaged. Save it again from the original and upload the new copy."
)
FRAMES_MESSAGE = _(
    "This animation is too large: its frames of %(width)s × %(height)s pixels add up to more "
    "than %(max_pixels)s pixels."
)
MISMATCH_MESSAGE = _("The contents of this file do not match its extension (.%(extension)s).")


def _head(f, size=HEAD_BYTES):
    f.seek(0)
    head = f.read(size)
    f.seek(0)
    return head


def looks_like_markup(head):
    """True when the start of a file is HTML, SVG, XML or script that a browser could run."""
    for mark in BYTE_ORDER_MARKS:
        head = head.removeprefix(mark)
    return MARKUP_START.match(head.replace(b"\x00", b"").lstrip()) is not None


def gif_pixels(data, limit):
    """Frames and pixels of a GIF from its block structure, no pixel decoded.

    Counts each frame at the size of the logical screen (or of the frame, when larger), and
    stops as soon as the total passes `limit`. Returns (frames, width, height, pixels).
    """
    if len(data) < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        return 0, 0, 0, 0
    width, height = struct.unpack_from("<HH", data, 6)
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = pixels = 0
    end = len(data)
    while pos < end:
        block = data[pos]
        if block == 0x21:  # extension: label, then sub-blocks
            pos += 2
        elif block == 0x2C:  # image descriptor, optional local colour table, LZW code size
            if pos + 10 > end:
                break
            frame_width, frame_height = struct.unpack_from("<HH", data, pos + 5)
            frame_flags = data[pos + 9]
            pos += 10 + (3 << ((frame_flags & 7) + 1) if frame_flags & 0x80 else 0) + 1
            frames += 1
            pixels += max(width * height, frame_width * frame_height)
            if pixels > limit:
                break
        else:  # the trailer (0x3B), or damage that the decode check reports
            break
        while pos < end:  # sub-blocks: a length byte, then that many bytes; 0 ends them
            length = data[pos]
            pos += 1 + length
            if not length:
                break
    return frames, width, height, pixels


def _open_header(f, pillow_format):
    """A Pillow image with its header read and no pixels: Image.open without its bomb check,
    as the pixels are counted here, against the portal's own (lower) limit."""
    PILImage.init()
    factory, _accept = PILImage.OPEN[pillow_format]
    f.seek(0)
    return factory(f)


class SafeImageField(WagtailImageField):
    """Wagtail's image field, with every check done before any pixel is decoded."""

    def to_python(self, data):
        f = FileField.to_python(self, data)
        if f is None:
            return None
        self.check_image_file_size(f)  # first: a stand-in for an oversized upload has no bytes
        # A file of our own to read, which Pillow may close: the upload itself stays open.
        if hasattr(data, "temporary_file_path"):
            file = open(data.temporary_file_path(), "rb")  # noqa: SIM115 - closed below
        else:
            data.seek(0)
            file = io.BytesIO(data.read())  # at most FILE_UPLOAD_MAX_MEMORY_SIZE
        with file:
            if looks_like_markup(_head(file)):
                raise ValidationError(MARKUP_MESSAGE, code="markup")
            try:
                f.image = willow.Image.open(file)
                f.content_type = f.image.mime_type
            except Exception as exc:  # anything Willow cannot read is not an image
                raise ValidationError(
                    self.error_messages["invalid_image"], code="invalid_image"
                ) from exc
            self.check_image_file_format(f)
            image = self.check_header(file, f.image.format_name)
            self.check_complete(image)
        f.seek(0)
        return f

    def check_header(self, file, format_name):
        """Refuse too many pixels (all frames together) on the evidence of the header alone."""
        limit = self.max_image_pixels
        try:
            image = _open_header(file, PILLOW_FORMATS[format_name])
            width, height = image.size
            if format_name == "gif":  # Pillow's n_frames would walk every frame: count here
                file.seek(0)
                frames, width, height, pixels = gif_pixels(file.read(), limit or 0)
                file.seek(0)
            else:  # one picture of a JPEG counts (MPO); APNG, WebP, AVIF: frames from the header
                frames = 1 if format_name == "jpeg" else getattr(image, "n_frames", 1)
                pixels = width * height * frames
        except Exception as exc:  # a header Pillow cannot read is a damaged file
            raise ValidationError(DAMAGED_MESSAGE, code="damaged") from exc
        if limit is None:
            return image
        if frames > 1 and pixels > limit:
            raise ValidationError(
                FRAMES_MESSAGE,
                code="too_many_frames",
                params={
                    "width": number_format(width, force_grouping=True),
                    "height": number_format(height, force_grouping=True),
                    "max_pixels": number_format(limit, force_grouping=True),
                },
            )
        if pixels > limit:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": pixels, "max_pixels_count": limit},
                code="file_too_many_pixels",
            )
        return image

    def check_complete(self, image):
        """Read the whole file, decoding as little as possible: a cut or damaged file fails."""
        try:
            if image.format == "PNG":
                image.verify()  # every chunk there, every CRC right: no pixels decoded
            else:
                if image.format in ("JPEG", "MPO"):
                    width, height = image.size
                    image.draft("L", (max(1, width // 8), max(1, height // 8)))
                image.load()  # the first frame only
        except Exception as exc:  # any decoder error means a damaged file
            raise ValidationError(DAMAGED_MESSAGE, code="damaged") from exc
        finally:
            image.close()


class SafeDocumentField(WagtailDocumentField):
    """Wagtail's document field, refusing markup and contents that belie the extension."""

    def to_python(self, data):
        f = FileField.to_python(self, data)
        if f is None:
            return None
        self.check_document_file_size(f)
        allowed_extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        if allowed_extensions:
            FileExtensionValidator(allowed_extensions)(f)
        head = _head(f)
        extension = os.path.splitext(f.name)[1][1:].lower()
        signature = DOCUMENT_SIGNATURES.get(extension)
        if signature is not None:
            found = signature in head if extension == "pdf" else head.startswith(signature)
            if not found:
                raise ValidationError(
                    MISMATCH_MESSAGE, code="mismatch", params={"extension": extension}
                )
        elif looks_like_markup(head):
            raise ValidationError(MARKUP_MESSAGE, code="markup")
        return f


def _swap_file_field(form, field_class):
    """Put `field_class` in place of the form's file field (absent from the multiple-upload
    edit forms), keeping its label, widget and requiredness."""
    field = form.fields.get("file")
    if field is not None:
        form.fields["file"] = field_class(
            label=field.label, required=field.required, widget=field.widget
        )


class PortalImageForm(BaseImageForm):
    """Base of every Wagtail image form here (`WAGTAILIMAGES_IMAGE_FORM_BASE`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _swap_file_field(self, SafeImageField)


class PortalDocumentForm(BaseDocumentForm):
    """Base of every Wagtail document form here (`WAGTAILDOCS_DOCUMENT_FORM_BASE`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _swap_file_field(self, SafeDocumentField)

    def _post_clean(self):
        # Wagtail's Document.clean checks the extension of the model's file, which is empty when
        # the file was refused: it would add "File extension “” is not allowed" to the reason.
        if "file" not in self._errors:
            super()._post_clean()


def max_upload_size():
    """The largest file any upload may be, or None for no limit."""
    limits = [
        getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024),
        getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None),
    ]
    if any(limit is None for limit in limits):
        return None
    return max(limits)


class UploadSizeCapHandler(FileUploadHandler):
    """Keeps no more of an uploaded file than the largest upload allowed.

    Past the limit the chunks go no further (the handlers after this one, which write to memory
    or disk, stop receiving them) and the file is replaced by an empty stand-in that carries the
    real size, so the form's size check names it.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = max_upload_size()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.limit is not None and self.received > self.limit:
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.limit is None or self.received <= self.limit:
            return None  # the next handler's file
        return InMemoryUploadedFile(
            io.BytesIO(),
            self.field_name,
            self.file_name,
            self.content_type,
            self.received,
            self.charset,
            self.content_type_extra,
        )


# The admin's image preview (/admin/images/<id>/preview/<filter spec>/, used by the URL
# generator) draws whatever size its URL asks for: "fill-2x200000000" makes a 400-megapixel
# image and "fill-0x0" divides by zero. The public site does not expose Wagtail's dynamic image
# view (wagtailimages_serve), so this is the only place a URL chooses an image size.
PREVIEW_MAX_SIDE = 8000
PREVIEW_REFUSED_MESSAGE = _(
    "This preview size is not allowed. Width and height must be whole numbers from 1 to "
    "%(max_side)s pixels."
)


def preview_spec_is_reasonable(filter_spec):
    """True for a filter spec whose every size is 1 to PREVIEW_MAX_SIDE pixels, whose output
    has no more pixels than an upload may, and whose operations parse."""
    try:
        operations = Filter(spec=filter_spec).operations
    except (InvalidFilterSpecError, ValueError, TypeError):
        return False
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or 128_000_000
    for operation in operations:
        sides = [
            getattr(operation, name)
            for name in ("size", "width", "height")
            if isinstance(getattr(operation, name, None), int)
        ]
        if any(not 1 <= side <= PREVIEW_MAX_SIDE for side in sides):
            return False
        if len(sides) == 2 and sides[0] * sides[1] > max_pixels:
            return False
    return True


@require_admin_access
@never_cache
def image_preview(request, image_id, filter_spec):
    """Wagtail's admin image preview, refusing absurd sizes with a 400 before any drawing."""
    if not preview_spec_is_reasonable(filter_spec):
        return HttpResponseBadRequest(
            PREVIEW_REFUSED_MESSAGE % {"max_side": PREVIEW_MAX_SIDE},
            content_type="text/plain; charset=utf-8",
        )
    return images_views.preview(request, image_id, filter_spec)
