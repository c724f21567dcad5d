"""The form that creates a translation job, and what it refuses."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.i18n import language_name
from portal.localization import job_scope, scopes
from portal.localization.job_models import TranslationJob
from portal.localization.jobs import can_review, reviewer_group_name
from portal.localization.permissions import can_translate, language_permission
from portal.localization.units import target_languages

TRANSLATOR_GROUP_PREFIX = "Translators: "


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "username")


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class JobForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"), widget=forms.CheckboxSelectMultiple
    )
    scope_kind = forms.ChoiceField(
        label=gettext_lazy("What to translate"), choices=job_scope.SCOPES, widget=forms.RadioSelect
    )
    office = forms.TypedChoiceField(label=gettext_lazy("Office"), required=False, coerce=int)
    objects = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    translator = UserChoice(queryset=_people(), required=False, label=gettext_lazy("Translator"))
    reviewer = UserChoice(queryset=_people(), required=False, label=gettext_lazy("Reviewer"))

    class Meta:
        model = TranslationJob
        fields = ["title", "translator", "translator_group", "reviewer", "due_date", "priority"]
        fields += ["instructions"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "instructions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.plan = None
        self.fields["languages"].choices = [(c, language_name(c)) for c in target_languages()]
        offices = scopes.provider().all()
        self.fields["office"].choices = [("", "—")] + [(o.pk, str(o)) for o in offices]
        self.fields["objects"].choices = (
            [(v, v) for v in self.data.getlist("objects")]
            if (hasattr(self.data, "getlist"))
            else []
        )
        self.fields["translator_group"].queryset = Group.objects.filter(
            name__startswith=TRANSLATOR_GROUP_PREFIX
        ).order_by("name")
        self.fields["translator"].help_text = _("A person, or a translator group below.")
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to name the job after what it covers.")
        self.fields["reviewer"].help_text = _(
            "Leave empty to let anyone in the languages' reviewer groups review."
        )

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date is in the past."))
        return due

    def clean(self):
        data = super().clean()
        languages = data.get("languages") or []
        self._check_translator(data, languages)
        self._check_reviewer(data.get("reviewer"), languages)
        if self.errors:
            return data
        self._plan(data)
        return data

    def _check_translator(self, data, languages):
        translator, group = data.get("translator"), data.get("translator_group")
        if not translator and not group:
            self.add_error("translator", _("Choose a translator or a translator group."))
        elif translator and group:
            self.add_error("translator_group", _("Choose a translator or a group, not both."))
        for lang in languages:
            if translator and not can_translate(translator, lang):
                self.add_error(
                    "translator",
                    _("%(user)s does not translate into %(language)s.")
                    % {"user": translator, "language": language_name(lang)},
                )
            if group and not _group_translates(group, lang):
                self.add_error(
                    "translator_group",
                    _("%(group)s does not translate into %(language)s.")
                    % {"group": group, "language": language_name(lang)},
                )

    def _check_reviewer(self, reviewer, languages):
        for lang in languages:
            if reviewer and not can_review(reviewer, lang):
                self.add_error(
                    "reviewer",
                    _("%(user)s is not in the group “%(group)s”.")
                    % {"user": reviewer, "group": reviewer_group_name(lang)},
                )

    def _plan(self, data):
        kind = data["scope_kind"]
        office = None
        if kind == "office":
            office = scopes.provider().get(data.get("office")) if data.get("office") else None
            if office is None:
                self.add_error("office", _("Choose an office."))
                return
        objects = job_scope.parse_objects(data.get("objects") or [])
        if kind == "selected" and not objects:
            self.add_error("scope_kind", _("No pages or records were chosen."))
            return
        try:
            self.plan = job_scope.plan(kind, data["languages"], office, objects, self.user)
        except forms.ValidationError as error:
            self.add_error("scope_kind", error)
            return
        data["scope"] = self._describe(kind, office, data["languages"])
        data["title"] = data.get("title") or data["scope"][:200]

    def _describe(self, kind, office, languages):
        names = ", ".join(language_name(c) for c in languages)
        label = dict(job_scope.SCOPES)[kind]
        where = f" ({office})" if office else ""
        return f"{label}{where}: {names}"[:255]

    def save(self, commit=True):
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        fields["scope"] = self.cleaned_data["scope"]
        return job_scope.create(self.plan, self.user, **fields)


def _group_translates(group, lang):
    app_label, codename = language_permission(lang).split(".")
    return group.permissions.filter(content_type__app_label=app_label, codename=codename).exists()
