"""What the portal remembers about each translation, to tell when it has become outdated."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE

LANGUAGE_PERMISSIONS = [
    (f"translate_{code}", f"Can translate into {name}") for code, name in settings.LANGUAGES
] + [
    (f"review_{code}", f"Can review translations into {name}") for code, name in settings.LANGUAGES
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
        # Per-language translator and reviewer permissions, held through groups.
        permissions = LANGUAGE_PERMISSIONS
        default_permissions = ()

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}:{self.field}:{self.language}"


class TranslationDemand(models.Model):
    """How often visitors missed one object's text in one language on one day.

    `fallback_views`: public pages served with some of its text in a fallback language;
    `outdated_views`: served with an outdated translation; `requests`: "Request this page in
    <language>" presses. Counts only: nothing about the visitors (portal/localization/demand.py).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    day = models.DateField()
    fallback_views = models.PositiveIntegerField(default=0)
    outdated_views = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("translation demand")
        verbose_name_plural = _("translation demand")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language", "day"],
                name="one_demand_count_per_object_language_and_day",
            )
        ]
        indexes = [models.Index(fields=["day", "language"])]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}:{self.language}:{self.day}"


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


class PrefilledTranslation(models.Model):
    """A translation the memory proposed for one unit, waiting for a translator's review.

    "Pre-fill from memory" (portal/localization/prefill.py) writes these, never the object
    itself, so nothing pre-filled reaches a public page before a translator has reviewed it in
    the editor. `source_hash` is the source text's hash when it was pre-filled: a pre-fill whose
    source has changed since is dropped.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=100)
    path = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    text = models.TextField()
    source_hash = models.CharField(max_length=32)
    score = models.PositiveSmallIntegerField()
    origin = models.CharField(max_length=255, blank=True)  # where the match was translated
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pre-filled translation")
        verbose_name_plural = _("pre-filled translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "path", "language"],
                name="one_prefill_per_unit_and_language",
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "language"], name="portal_prefill_idx"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}:{self.field}:{self.path}:{self.language}"


class Concept(ClusterableModel):
    """One entry of the termbase: a concept and its terms in the portal's languages, as TBX
    models it (a termEntry with one langSet per language)."""

    subject = models.CharField(_("subject"), max_length=100, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("subject"),
        FieldPanel("definition"),
        InlinePanel("terms", label=_("Terms"), min_num=1),
    ]

    class Meta:
        verbose_name = _("termbase entry")
        verbose_name_plural = _("termbase")
        ordering = ["pk"]

    def __str__(self):
        term = self.terms.filter(language=SOURCE_LANGUAGE).order_by("status").first()
        return term.text if term else _("Entry %(pk)s") % {"pk": self.pk}


class Term(models.Model):
    """One term of a concept in one language: preferred (the approved translation), admitted,
    or forbidden (the checks warn when a translation uses it)."""

    class Status(models.TextChoices):
        PREFERRED = "preferred", _("Preferred")
        ADMITTED = "admitted", _("Admitted")
        FORBIDDEN = "forbidden", _("Forbidden")

    concept = ParentalKey(Concept, on_delete=models.CASCADE, related_name="terms")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.CharField(_("term"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREFERRED
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("language"), FieldPanel("text"), FieldPanel("status"), FieldPanel("note")]

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["language", "status", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language", "text"], name="one_term_per_concept_and_language"
            )
        ]

    def __str__(self):
        return f"{self.text} ({self.language})"


class CoverageSnapshot(models.Model):
    """The dashboard's figures for one kind of content in one language on one day, for the whole
    site (`scope` empty) or for one scope (an office: its pk; not a foreign key, the translation
    tools know scopes only through portal/localization/scopes.py). Written once a day by
    `snapshot_coverage` (portal/localization/history.py), which replaces that day's rows and
    deletes those older than the history keeps."""

    date = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=100)  # a model label: "compact.Objective"
    scope = models.PositiveBigIntegerField(_("office"), null=True, blank=True)
    total = models.PositiveIntegerField(_("fields"))
    done = models.PositiveIntegerField(_("translated"))
    outdated = models.PositiveIntegerField(_("outdated"))

    class Meta:
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        constraints = [
            # A second snapshot the same day replaces the first: never two rows for one figure.
            models.UniqueConstraint(
                fields=["date", "language", "kind"],
                condition=models.Q(scope__isnull=True),
                name="one_site_coverage_figure_per_day",
            ),
            models.UniqueConstraint(
                fields=["date", "language", "kind", "scope"],
                condition=models.Q(scope__isnull=False),
                name="one_scope_coverage_figure_per_day",
            ),
        ]
        indexes = [models.Index(fields=["scope", "date"], name="portal_coverage_history_idx")]

    def __str__(self):
        return f"{self.date} {self.language} {self.kind} {self.scope or 'site'}"
