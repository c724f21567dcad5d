"""The termbase in Wagtail's admin: a snippet listing of concepts with their English term and
each language's preferred term, and the TBX page (download and upload) linked from it.

Translators and admins may look at it; adding, changing and deleting need the model's
permissions (portal.add_concept...), given to the groups that maintain the terminology.
The translation rates (for the jobs' cost estimates) are a snippet of the same tools.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from portal.core.i18n import language_name
from portal.localization.job_models import LanguageRate
from portal.localization.models import Concept, Term
from portal.localization.permissions import can_use_translation_tools
from portal.localization.units import SOURCE_LANGUAGE

EDIT_URL = "wagtailsnippets_portal_concept:edit"


class TermbasePermissionPolicy(ModelPermissionPolicy):
    """Anyone who may use the translation tools may view the termbase."""

    def user_has_permission(self, user, action):
        if action == "view" and can_use_translation_tools(user):
            return True
        return super().user_has_permission(user, action)


def preferred(lang):
    """A column: the concept's preferred (else first approved) term in `lang`."""

    def value(concept):
        terms = [t for t in concept.terms.all() if t.language == lang]
        terms.sort(key=lambda t: (t.status != Term.Status.PREFERRED, t.status, t.text))
        approved = [t.text for t in terms if t.status != Term.Status.FORBIDDEN]
        return approved[0] if approved else "—"

    if lang == SOURCE_LANGUAGE:  # the first column links to the entry
        return TitleColumn(
            f"term_{lang}",
            label=language_name(lang),
            accessor=value,
            get_url=lambda concept: reverse(
                "wagtailsnippets_portal_concept:edit", args=[concept.pk]
            ),
        )
    return Column(f"term_{lang}", label=language_name(lang), accessor=value)


class ConceptIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("TBX import and export"), url=reverse("translations:tbx"), icon_name="download"
            ),  # fmt: skip
        ]


class ConceptViewSet(SnippetViewSet):
    model = Concept
    icon = "tag"
    menu_label = _("Termbase")
    menu_name = "termbase"
    menu_order = 251  # just after Translations
    add_to_admin_menu = True
    index_view_class = ConceptIndexView
    index_template_name = "translations/termbase_index.html"  # with its column widths
    search_fields = ["subject", "definition", "terms__text"]
    list_filter = ["subject"]

    @property
    def list_display(self):
        return [preferred(code) for code, _name in settings.LANGUAGES]

    def get_queryset(self, request):
        return Concept.objects.prefetch_related("terms").distinct()


class LanguageRateViewSet(SnippetViewSet):
    """The rate per word of each language, for the translation jobs' cost estimates: for the
    admins (the model's own permissions), under Settings."""

    model = LanguageRate
    icon = "tasks"
    menu_label = _("Translation rates")
    menu_name = "translation-rates"
    add_to_settings_menu = True
    list_display = ["language", "rate", "currency"]
    panels = [FieldPanel("language"), FieldPanel("rate"), FieldPanel("currency")]


def register():
    """Called from admin_hooks.register()."""
    register_permission_policy(Concept, TermbasePermissionPolicy(Concept), exact_class=True)
    register_snippet(ConceptViewSet)
    register_snippet(LanguageRateViewSet)
