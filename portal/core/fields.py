"""Small model fields shared by the apps."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguagesField(models.JSONField):
    """A list of the portal's language codes, edited as checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        known = {code for code, _name in settings.LANGUAGES}
        if not isinstance(value, list) or any(code not in known for code in value):
            raise ValidationError(
                _("Choose languages from the portal's languages."), code="invalid_language"
            )

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=settings.LANGUAGES,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )
