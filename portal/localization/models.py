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


class MemoryEntry(models.Model):
    """One source text and its translation into one language: a translation memory entry.

    Filled from every published translation that is not outdated (portal/localization/memory.py),
    as whole units and, where source and translation have as many sentences, sentence by
    sentence. `content_type`, `object_id`, `field` and `path` say where it was translated: a
    match from the same place with the same source is an in-context match.
    """

    class Kind(models.TextChoices):
        UNIT = "unit", _("Whole text")
        SENTENCE = "sentence", _("Sentence")

    class Origin(models.TextChoices):
        PUBLISHED = "published", _("Published translation")
        IMPORTED = "imported", _("Imported")

    source_language = models.CharField(_("source language"), max_length=10)
    target_language = models.CharField(_("target language"), max_length=10)
    source_text = models.TextField(_("source text"))
    target_text = models.TextField(_("translation"))
    source_hash = models.CharField(max_length=32)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNIT)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.PUBLISHED
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    field = models.CharField(max_length=100, blank=True)
    path = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory entries")
        indexes = [
            models.Index(
                fields=["source_language", "target_language", "source_hash"],
                name="portal_memory_exact_idx",
            ),
            models.Index(fields=["content_type", "object_id"], name="portal_memory_object_idx"),
        ]

    def __str__(self):
        return f"{self.source_language}→{self.target_language}: {self.source_text[:60]}"
