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


# The "Global Compact data" workflow: partners, objectives and country actions are approved by
# the admins and the members of one named group. Admins may rename the group or give the task
# other groups in Settings → Workflows; these names are only what the migrations create.
COMPACT_WORKFLOW = "Global Compact data"
COMPACT_TASK = "Global Compact data approval"
COMPACT_GROUP = "Global Compact data moderators"
COMPACT_ACTIONS = ("add", "change", "publish", "lock", "unlock")


def _permission(apps, content_type, action, verbose_name):
    Permission = apps.get_model("auth", "Permission")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{content_type.model}",
        defaults={"name": f"Can {action} {verbose_name}"},
    )
    return permission


def _compact_workflow(apps):
    """The group, its task and the workflow, created the first time they are asked for."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    group, _created = Group.objects.get_or_create(name=COMPACT_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    workflow = Workflow.objects.filter(name=COMPACT_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=COMPACT_WORKFLOW, active=True)
        task = GroupApprovalTask.objects.create(
            name=COMPACT_TASK,
            active=True,
            content_type=_content_type(apps, GroupApprovalTask),
        )
        task.groups.add(group)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow, group


def moderate_as_compact_data(apps, app_label, model_names):
    """Send the models' records through the "Global Compact data" workflow, and let its group
    add, change, publish, lock and unlock them."""
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow, group = _compact_workflow(apps)
    for model_name in model_names:
        model = apps.get_model(app_label, model_name)
        content_type = _content_type(apps, model)
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
        verbose_name = str(model._meta.verbose_name)
        group.permissions.add(
            *(_permission(apps, content_type, action, verbose_name) for action in COMPACT_ACTIONS)
        )


def stop_moderating_as_compact_data(apps, app_label, model_names):
    """The reverse: the models leave the workflow; the workflow, its task and group go once no
    model is left in it."""
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Group = apps.get_model("auth", "Group")
    for model_name in model_names:
        content_type = _content_type(apps, apps.get_model(app_label, model_name))
        WorkflowContentType.objects.filter(
            content_type=content_type, workflow__name=COMPACT_WORKFLOW
        ).delete()
    workflow = Workflow.objects.filter(name=COMPACT_WORKFLOW).first()
    if workflow is not None and not WorkflowContentType.objects.filter(workflow=workflow).exists():
        for link in workflow.workflow_tasks.all():
            link.task.delete()
        workflow.delete()
        Group.objects.filter(name=COMPACT_GROUP).delete()


def swap_compact_task(apps, old, new):
    """Replace the "Global Compact data" workflow's approval task of model `old` by one of model
    `new` (both group approval tasks, as (app label, model name)) with the same name and groups.
    The old task goes, unless it has moderated something: then it stays, inactive, for the
    history."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    OldTask, NewTask = apps.get_model(*old), apps.get_model(*new)
    workflow = Workflow.objects.filter(name=COMPACT_WORKFLOW).first()
    if workflow is None:
        return
    for link in workflow.workflow_tasks.all():
        previous = OldTask.objects.filter(pk=link.task_id).first()
        if previous is None:
            continue
        task = NewTask.objects.create(
            name=previous.name, active=True, content_type=_content_type(apps, NewTask)
        )
        task.groups.set(previous.groups.all())
        link.task_id = task.pk
        link.save(update_fields=["task"])
        if previous.task_states.exists():
            previous.active = False
            previous.save(update_fields=["active"])
        else:
            previous.delete()
