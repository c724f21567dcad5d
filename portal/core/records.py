"""The base of structured records that follow the pages' editorial rules (offices, partners,
objectives, country actions): Wagtail's drafts, revisions, locking and workflows, a preview that
shows the page displaying the record, and `objects.live()` for public surfaces."""

from django.db import models
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from portal.core.preview import RecordPreviewMixin
from portal.core.query import RecordQuerySet


class Record(
    RecordPreviewMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
