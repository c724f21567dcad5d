"""The "Languages" tab of the page editor: where this page stands in each language.

One row per language, the office's own languages first: how many of the page's texts are written
in it, how many are outdated (the English changed since), and links to the side-by-side editor and
the live page in that language. The same rows tell the editor's script which languages to show
first (see static/admin/js/portal_editor.js).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from wagtail.admin.panels import Panel

from portal.core.i18n import language_name
from portal.localization import scopes
from portal.localization.job_models import JobItem, TranslationJob
from portal.localization.jobs import can_manage
from portal.localization.permissions import can_translate
from portal.localization.status import outdated_fields, texts
from portal.localization.units import SOURCE_LANGUAGE, content_fields


@dataclass
class LanguageRow:
    code: str
    name: str
    office_language: bool
    written: int
    total: int
    outdated: int
    editor_url: str | None
    live_url: str | None

    @property
    def complete(self):
        return self.written == self.total and not self.outdated


def _ancestor_paths(path, steplen):
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def office_languages(page, parent=None, user=None):
    """The languages of the office whose subtree holds the page (or its parent, for a new page);
    outside any office, the languages of the offices whose groups the user belongs to.
    Offices are the scopes of portal/localization/scopes.py."""
    provider = scopes.provider()
    path = page.path or (parent.path if parent is not None else "")
    languages = []
    if path:
        office = provider.at(_ancestor_paths(path, page.steplen))
        if office is not None:
            languages = provider.languages(office)
    if not languages and user is not None and user.is_authenticated:
        for office in provider.of_user(user):
            languages += [code for code in provider.languages(office) if code not in languages]
    return [code for code, _name in settings.LANGUAGES if code in languages]


def language_rows(page, user, first):
    model = type(page)
    fields = content_fields(model)
    by_field = {field: texts(page, field) for field in fields}
    content_type = ContentType.objects.get_for_model(model)
    codes = [code for code, _name in settings.LANGUAGES]
    ordered = [SOURCE_LANGUAGE] + [c for c in codes if c in first and c != SOURCE_LANGUAGE]
    ordered += [c for c in codes if c not in ordered]
    rows = []
    for code in ordered:
        written = sum(1 for field in fields if by_field[field][code].strip())
        total = sum(1 for field in fields if by_field[field][SOURCE_LANGUAGE].strip())
        outdated = 0 if code == SOURCE_LANGUAGE or not page.pk else len(outdated_fields(page, code))
        editor_url = None
        if page.pk and code != SOURCE_LANGUAGE and can_translate(user, code):
            editor_url = reverse("translations:edit", args=[content_type.pk, page.pk, code])
        live_url = None
        if page.pk and page.live:
            with translation.override(code):
                live_url = page.get_url()
        rows.append(
            LanguageRow(
                code=code,
                name=language_name(code),
                office_language=code in first,
                written=min(written, total) if code != SOURCE_LANGUAGE else total,
                total=total,
                outdated=outdated,
                editor_url=editor_url,
                live_url=live_url,
            )
        )
    return rows


ACTIVE_STATES = [
    TranslationJob.State.OPEN,
    TranslationJob.State.IN_PROGRESS,
    TranslationJob.State.IN_REVIEW,
]


def job_links(page, user, rows):
    """The page's active translation jobs, and a link that makes one for its unfinished
    languages (for those who make jobs)."""
    if not page.pk:
        return {}
    content_type = ContentType.objects.get_for_model(type(page))
    active = JobItem.objects.filter(
        content_type=content_type,
        object_id=page.pk,
        job__state__in=ACTIVE_STATES,
    ).select_related("job")
    new_job_url = None
    if can_manage(user):
        todo = [r.code for r in rows if r.code != SOURCE_LANGUAGE and not r.complete]
        query = urlencode({"object": f"{content_type.pk}:{page.pk}", "language": todo}, doseq=True)
        new_job_url = f"{reverse('translations:job_create')}?{query}"
    return {"active_jobs": list(active), "new_job_url": new_job_url}


class LanguagesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "translations/languages_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            parent = getattr(self.form, "parent_page", None)
            first = office_languages(page, parent, self.request.user)
            context["first_languages"] = first
            context["rows"] = language_rows(page, self.request.user, first)
            context["is_new"] = not page.pk
            context.update(job_links(page, self.request.user, context["rows"]))
            return context
