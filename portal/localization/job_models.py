"""Translation jobs: a piece of translation work handed to a translator, reviewed, then published.

A job holds items, one per object and target language, each naming the fields to translate. The
translator's text is kept in the item (`texts`, one entry per unit) and never written to the
object until a reviewer approves the job: a returned or cancelled job publishes nothing. How a
job moves between its states is in portal/localization/jobs.py.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class TranslationJob(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        IN_REVIEW = "in_review", _("In review")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")
        URGENT = 4, _("Urgent")

    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translation_jobs",
    )
    translator_group = models.ForeignKey(
        Group,
        verbose_name=_("translator group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translation_jobs",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translation_reviews",
    )
    due_date = models.DateField(_("due date"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    instructions = models.TextField(_("instructions"), blank=True)
    scope = models.CharField(_("scope"), max_length=255, blank=True)  # how it was chosen
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reminded_on = models.DateField(null=True, blank=True)  # the due-date reminder went out

    class Meta:
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")
        ordering = ["due_date", "-priority", "pk"]
        indexes = [models.Index(fields=["state", "due_date"], name="portal_job_state_due_idx")]

    def __str__(self):
        return self.title

    @cached_property  # asked for by every permission check; items are made with the job
    def languages(self):
        return sorted({item.language for item in self.items.all()})

    @property
    def is_active(self):
        return self.state in {self.State.OPEN, self.State.IN_PROGRESS, self.State.IN_REVIEW}


class JobItem(models.Model):
    """One object to translate into one language, and the translator's text for it."""

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        TRANSLATED = "translated", _("Translated")
        RETURNED = "returned", _("Returned")
        PUBLISHED = "published", _("Published")

    job = models.ForeignKey(TranslationJob, on_delete=models.CASCADE, related_name="items")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    fields = models.JSONField(default=list)  # the field names to translate
    label = models.CharField(max_length=255)  # the object's title when the job was made
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    texts = models.JSONField(default=dict)  # unit key -> the translator's text
    words_new = models.PositiveIntegerField(default=0)
    words_fuzzy = models.PositiveIntegerField(default=0)
    words_exact = models.PositiveIntegerField(default=0)
    words_repeated = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["job", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "content_type", "object_id", "language"],
                name="one_job_item_per_object_and_language",
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "language"], name="portal_job_item_object_idx"
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.language})"

    @property
    def words(self):
        return self.words_new + self.words_fuzzy + self.words_exact + self.words_repeated


class JobComment(models.Model):
    """A reviewer's (or translator's) comment on one unit of a job item."""

    item = models.ForeignKey(JobItem, on_delete=models.CASCADE, related_name="comments")
    unit = models.CharField(max_length=400)  # the unit's key: "field" or "field::path"
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class JobEvent(models.Model):
    """One change of a job's state, for its history."""

    job = models.ForeignKey(TranslationJob, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, blank=True, choices=TranslationJob.State.choices)
    to_state = models.CharField(max_length=20, choices=TranslationJob.State.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_state or '-'} → {self.to_state}"


class LanguageRate(models.Model):
    """What a word costs to translate into a language, for the jobs' cost estimates."""

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, unique=True
    )
    rate = models.DecimalField(
        _("rate per new word"), max_digits=8, decimal_places=4, default=Decimal("0")
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")

    class Meta:
        verbose_name = _("translation rate")
        verbose_name_plural = _("translation rates")
        ordering = ["language"]

    def __str__(self):
        return f"{self.get_language_display()}: {self.rate} {self.currency}"


class JobNotificationSettings(models.Model):
    """A user's choice of job e-mails: each event as it happens, or also a daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_notifications"
    )
    daily_digest = models.BooleanField(_("daily digest of my translation jobs"), default=False)
    digest_sent_on = models.DateField(null=True, blank=True)  # at most one digest a day

    def __str__(self):
        return str(self.user)
