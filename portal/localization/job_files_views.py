"""A job's files: download its items as PO or XLIFF, upload the translations back into the job
(see job_files.py). URLs translations:job_export and translations:job_import."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.localization import job_files, jobs
from portal.localization.editor_views import forbidden
from portal.localization.job_views import _job, answers_403
from portal.localization.po_views import FORMATS, MAX_UPLOAD


def _page(request, job, status=200, message="", report=None):
    """The job's files page: what went wrong (or the import report) and the forms again."""
    return TemplateResponse(
        request,
        "translations/jobs/files_page.html",
        {
            "page_title": _("Files of “%(title)s”") % {"title": job.title},
            "header_icon": "doc-full",
            "job": job,
            "message": message,
            "report": report,
            "is_translator": jobs.is_translator(request.user, job),
            "can_manage": jobs.can_manage(request.user),
        },
        status=status,
    )


def _export_problem(job, kind, lang):
    if kind not in FORMATS:
        return _("Choose a file format.")
    if lang and lang not in job.languages:
        return _("This job has no texts in that language.")
    if not lang and len(job.languages) > 1 and FORMATS[kind][3] != "1.2":
        return _("PO and XLIFF 2.0 files hold one language: choose one.")
    return ""


@require_GET
@answers_403
def job_export(request, pk):
    job = _job(request, pk)
    if not (jobs.is_translator(request.user, job) or jobs.can_manage(request.user)):
        raise PermissionDenied
    kind, lang = request.GET.get("format", ""), request.GET.get("language", "")
    problem = _export_problem(job, kind, lang)
    if problem:
        return _page(request, job, status=400, message=problem)
    if not lang and len(job.languages) == 1:
        lang = job.languages[0]
    _label, extension, content_type, version = FORMATS[kind]
    response = HttpResponse(job_files.export_job(job, lang, version), content_type=content_type)
    name = job_files.file_name(job, lang, extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@answers_403
def job_import(request, pk):
    job = _job(request, pk)
    if not jobs.is_translator(request.user, job):
        raise PermissionDenied
    if job_files.refusal(job):
        return forbidden(request, f"{job_files.refusal(job)} {_('Nothing was changed.')}")
    upload = request.FILES.get("file")
    if upload is None or not upload.size:
        return _page(request, job, status=400, message=_("Choose a PO or XLIFF file to upload."))
    if upload.size > MAX_UPLOAD:
        return _page(request, job, status=400, message=_("The file is too large."))
    report = job_files.import_job_file(job, upload.read(), request.user, upload.name)
    job.refresh_from_db()
    return _page(request, job, status=200 if report.ok else 400, report=report)
