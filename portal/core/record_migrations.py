"""Data migrations for records that gain drafts and revisions (Wagtail's `DraftStateMixin` and
`RevisionMixin`): every existing row becomes live with one initial revision, as if it had been
published once; the reverse deletes those revisions again.

Written for migrations' historical models: nothing here calls the real models' methods, which
may have changed by the time a migration runs. A revision's content is what
`RevisionMixin.serializable_data()` stores (modelcluster's `get_serializable_data_for_fields`
plus, for a cluster, the ids of its `ParentalManyToManyField`s), built here from the historical
row, every language's column included. `describe` gives each row's `object_str` (the historical
models have no `__str__`).

Used by `offices/migrations/0005_...` and `compact/migrations/0003_...`.
"""

from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_serializable_data_for_fields

BATCH = 500


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label=model._meta.app_label, model=model._meta.model_name
    )
    return content_type


def _m2m_ids(model, records):
    """{field name: {record pk: [related pks]}} for the model's ParentalManyToManyFields, read
    from the link tables in one query per field (ordered like the related model's rows)."""
    found = {}
    for field in model._meta.many_to_many:
        if not isinstance(field, ParentalManyToManyField):
            continue
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        ordering = [f"{target}__{name}" for name in field.related_model._meta.ordering or ["pk"]]
        links = through.objects.filter(**{f"{source}__in": [r.pk for r in records]}).order_by(
            *ordering, f"{target}_id"
        )
        ids = {record.pk: [] for record in records}
        for record_id, related_id in links.values_list(f"{source}_id", f"{target}_id"):
            ids[record_id].append(related_id)
        found[field.name] = ids
    return found


def publish_existing(apps, app_label, model_name, describe):
    """Make every row of the model live, with one revision holding its content and a
    "wagtail.publish" log entry pointing at it."""
    model = apps.get_model(app_label, model_name)
    Revision = apps.get_model("wagtailcore", "Revision")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    content_type = _content_type(apps, model)
    now = timezone.now()
    records = list(model.objects.filter(latest_revision__isnull=True).order_by("pk"))
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        m2m = _m2m_ids(model, batch)
        for record in batch:
            record.live = True
            record.has_unpublished_changes = False
            record.first_published_at = record.first_published_at or now
            record.last_published_at = now
        revisions = []
        for record in batch:
            content = get_serializable_data_for_fields(record)
            for name, ids in m2m.items():
                content[name] = ids[record.pk]
            revisions.append(
                Revision(
                    content_type=content_type,
                    base_content_type=content_type,
                    object_id=str(record.pk),
                    created_at=now,
                    object_str=describe(record),
                    content=content,
                )
            )
        Revision.objects.bulk_create(revisions)
        # Read the ids back rather than rely on bulk_create setting them (every database does).
        ids = dict(
            Revision.objects.filter(
                content_type=content_type, object_id__in=[str(r.pk) for r in batch]
            ).values_list("object_id", "pk")
        )
        for record in batch:
            record.latest_revision_id = record.live_revision_id = ids[str(record.pk)]
        model.objects.bulk_update(
            batch,
            [
                "live",
                "has_unpublished_changes",
                "first_published_at",
                "last_published_at",
                "latest_revision",
                "live_revision",
            ],
        )
        ModelLogEntry.objects.bulk_create(
            ModelLogEntry(
                content_type=content_type,
                object_id=str(record.pk),
                label=describe(record),
                action="wagtail.publish",
                data={},
                timestamp=now,
                revision_id=record.live_revision_id,
                content_changed=True,
            )
            for record in batch
        )


def unpublish_existing(apps, app_label, model_name):
    """The reverse: the model's revisions, and the log entries that point at one, go (the
    revision columns go with the schema migration that comes next in reverse). Log entries of
    earlier edits, which point at no revision, stay."""
    model = apps.get_model(app_label, model_name)
    Revision = apps.get_model("wagtailcore", "Revision")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    content_type = _content_type(apps, model)
    model.objects.update(latest_revision=None, live_revision=None)
    ModelLogEntry.objects.filter(content_type=content_type, revision__isnull=False).delete()
    Revision.objects.filter(content_type=content_type).delete()
