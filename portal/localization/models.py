"""What the portal remembers about each translation, to tell when it has become outdated."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_PERMISSIONS = [
    (f"translate_{code}", f"Can translate into {name}") for code, name in settings.LANGUAGES
]


class TranslationState(models.Model):
    """One translated field of one object in one language, and the source text it translates.

    `source_hash` and `source_text` record the source-language text as it was when this
    translation was last written or confirmed; when the source's text no longer matches, the
    translation is outdated. `translation_hash` tells when the translation itself was rewritten.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=100)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    source_hash = models.CharField(max_length=32)
    source_text = models.TextField(blank=True)
    translation_hash = models.CharField(max_length=32)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="one_translation_state_per_field_and_language",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        # Per-language translator permissions: a translator group holds the ones it may write.
        permissions = LANGUAGE_PERMISSIONS
        default_permissions = ()

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}:{self.field}:{self.language}"
