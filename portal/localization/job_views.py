"""The translation jobs' admin pages: the list, a new job, a job, its editor and its review."""

import datetime
import functools

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.i18n import language_name
from portal.localization import editor_checks, jobs
from portal.localization.editor_views import (
    add_suggestions,
    forbidden,
    inline_diff,
    mark_outdated,
    read_posted,
)
from portal.localization.job_forms import JobForm
from portal.localization.job_models import JobItem
from portal.localization.job_models import TranslationJob as Job
from portal.localization.permissions import require_translator
from portal.localization.units import SOURCE_LANGUAGE, content_models, target_languages

State = Job.State
DUE_FILTERS = {"overdue", "week", "later"}


def answers_403(view):
    """A refusal is a 403 page: Wagtail's admin would turn PermissionDenied into a redirect."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request, _("You may not do this with this translation job."))

    return wrapped


def _job(request, pk):
    job = get_object_or_404(Job.objects.select_related("translator", "reviewer"), pk=pk)
    if not jobs.may_see(request.user, job):
        raise PermissionDenied
    return job


def mine(user):
    """The jobs a user has to do something with: translate, or review."""
    translating = Q(translator=user) | Q(translator_group__in=user.groups.all())
    return Job.objects.filter(
        (translating & Q(state__in=[State.OPEN, State.IN_PROGRESS]))
        | (Q(state=State.IN_REVIEW) & (Q(reviewer=user) | Q(reviewer__isnull=True)))
    ).distinct()


def _visible(user):
    if jobs.can_manage(user):
        return Job.objects.all()
    theirs = Q(translator=user) | Q(translator_group__in=user.groups.all()) | Q(reviewer=user)
    reviews = [lang for lang in target_languages() if jobs.can_review(user, lang)]
    if reviews:  # a job naming no reviewer is for its languages' reviewer groups
        theirs |= Q(reviewer__isnull=True, items__language__in=reviews)
    return Job.objects.filter(theirs).distinct()


def _filtered(request, queryset):
    get = request.GET
    if get.get("state") in State.values:
        queryset = queryset.filter(state=get["state"])
    if get.get("language") in target_languages():
        queryset = queryset.filter(items__language=get["language"]).distinct()
    if get.get("assignee", "").isdigit():
        pk = int(get["assignee"])
        queryset = queryset.filter(Q(translator_id=pk) | Q(reviewer_id=pk))
    today = timezone.localdate()
    due = get.get("due")
    if due == "overdue":
        queryset = queryset.filter(due_date__lt=today)
    elif due == "week":
        queryset = queryset.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(7))
    elif due == "later":
        queryset = queryset.filter(due_date__gt=today + datetime.timedelta(7))
    return queryset


@answers_403
def job_list(request):
    require_translator(request)
    queryset = _filtered(request, _visible(request.user)).select_related("translator", "reviewer")
    job_list_ = list(queryset.prefetch_related("items"))
    people = (
        get_user_model()
        .objects.filter(Q(translation_jobs__isnull=False) | Q(translation_reviews__isnull=False))
        .distinct()
    )
    return TemplateResponse(
        request,
        "translations/jobs/list.html",
        {
            "page_title": _("Translation jobs"),
            "header_icon": "tasks",
            "jobs": job_list_,
            "states": State.choices,
            "languages": [(c, language_name(c)) for c in target_languages()],
            "people": people,
            "today": timezone.localdate(),
            "can_manage": jobs.can_manage(request.user),
            "filters": request.GET,
        },
    )


@answers_403
def job_create(request):
    if not jobs.can_manage(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = JobForm(request.POST, user=request.user)
        if form.is_valid():
            job = form.save()
            messages.success(request, _("The job “%(title)s” has been created.") % {"title": job})
            return redirect("translations:job", job.pk)
    else:
        form = JobForm(initial=_initial(request), user=request.user, data=None)
        chosen = _chosen(request)
        form.fields["objects"].choices = [(v, v) for v in chosen]
        form.initial["objects"] = chosen
    return TemplateResponse(
        request,
        "translations/jobs/create.html",
        {
            "page_title": _("New translation job"),
            "header_icon": "tasks",
            "form": form,
            "chosen": len(form.initial.get("objects") or request.POST.getlist("objects") or []),
        },
    )


def _chosen(request):
    """Objects named as "<content type>:<pk>", or, from a drill-down, a model and its pks."""
    chosen = request.GET.getlist("object")
    label = request.GET.get("model", "")
    if "." in label:
        try:
            model = apps.get_model(label)
        except LookupError:
            model = None
        if model in content_models():
            ct = ContentType.objects.get_for_model(model, for_concrete_model=False).pk
            chosen += [f"{ct}:{pk}" for pk in request.GET.getlist("objects") if pk.isdigit()]
    return chosen


def _initial(request):
    get = request.GET
    languages = [c for c in get.getlist("language") if c in target_languages()]
    kind = get.get("scope") or ("selected" if _chosen(request) else "outdated")
    return {
        "languages": languages,
        "scope_kind": kind,
        "office": get.get("office", ""),
        "due_date": timezone.localdate() + datetime.timedelta(days=7),
        "priority": Job.Priority.NORMAL,
    }


@answers_403
def job_detail(request, pk):
    job = _job(request, pk)
    user = request.user
    if request.method == "POST":
        return _act(request, job)
    items = list(job.items.select_related("content_type").prefetch_related("comments"))
    return TemplateResponse(
        request,
        "translations/jobs/detail.html",
        {
            "page_title": job.title,
            "header_icon": "tasks",
            "job": job,
            "items": items,
            "progress": jobs.progress(job, items),
            "cost": jobs.cost(job),
            "words": {
                "new": sum(i.words_new for i in items),
                "fuzzy": sum(i.words_fuzzy for i in items),
                "exact": sum(i.words_exact + i.words_repeated for i in items),
                "total": sum(i.words for i in items),
            },
            "events": job.events.select_related("user"),
            "is_translator": jobs.is_translator(user, job),
            "is_reviewer": jobs.is_reviewer(user, job),
            "can_manage": jobs.can_manage(user),
            "overdue": job.is_active and job.due_date < timezone.localdate(),
        },
    )


def _act(request, job):
    action = request.POST.get("action")
    steps = {
        "submit": (jobs.submit, _("The job has been submitted for review.")),
        "cancel": (jobs.cancel, _("The job has been cancelled.")),
    }
    if action not in steps:
        raise PermissionDenied
    step, message = steps[action]
    try:
        step(job, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect("translations:job", job.pk)


# --- The translator's editor, inside a job ----------------------------------------------------


def _item(request, job, item_pk):
    item = get_object_or_404(JobItem.objects.select_related("content_type"), job=job, pk=item_pk)
    model, obj = jobs.item_object(item)
    if obj is None:
        messages.error(request, _("This item has been deleted since the job was made."))
    return item, model, obj


@answers_403
def job_item(request, pk, item_pk):
    job = _job(request, pk)
    if not jobs.is_translator(request.user, job):
        raise PermissionDenied
    item, model, obj = _item(request, job, item_pk)
    if obj is None:
        return redirect("translations:job", job.pk)
    groups = jobs.item_groups(item, model, obj)
    editable = job.state in {State.OPEN, State.IN_PROGRESS}
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if read_posted(request, groups):
            with transaction.atomic():
                jobs.keep_texts(item, groups, request.user)
            messages.success(request, _("Saved in the job. Nothing is published before review."))
            return redirect(_after_save(request, job, item))
        messages.error(request, _("The translation could not be saved. Correct the errors below."))
    mark_outdated(model, obj, item.language, groups)
    for group in groups:  # the job's text replaces an outdated one: say so, not "outdated"
        group.job_updated = group.outdated and all(row.key in item.texts for row in group.rows)
    add_suggestions(model, obj, item.language, groups, request.user)
    editor_checks.annotate(model, obj, item.language, groups)
    _attach_comments(item, groups)
    return TemplateResponse(
        request,
        "translations/editor.html",
        _editor_context(job, item, model, obj, groups),
    )


def _after_save(request, job, item):
    if request.POST.get("action") == "next":
        following = job.items.filter(position__gt=item.position).order_by("position").first()
        if following is not None:
            return reverse("translations:job_item", args=[job.pk, following.pk])
        return reverse("translations:job", args=[job.pk])
    return reverse("translations:job_item", args=[job.pk, item.pk])


def by_unit(comments):
    """{unit key: [comments]}, in the order given."""
    found = {}
    for comment in comments:
        found.setdefault(comment.unit, []).append(comment)
    return found


def _attach_comments(item, groups):
    comments = by_unit(item.comments.filter(resolved=False).select_related("author"))
    for group in groups:
        for row in group.rows:
            row.comments = comments.get(row.key, [])


def _editor_context(job, item, model, obj, groups):
    editable = job.state in {State.OPEN, State.IN_PROGRESS}
    items = list(job.items.only("pk", "position", "status", "label", "language"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    title = item.label
    return {
        "page_title": _("Translate “%(title)s” into %(language)s")
        % {"title": title, "language": language_name(item.language)},
        "header_icon": "globe",
        "object": obj,
        "object_title": title,
        "kind": model._meta.verbose_name,
        "language": item.language,
        "language_name": language_name(item.language),
        "source_language": SOURCE_LANGUAGE,
        "source_language_name": language_name(SOURCE_LANGUAGE),
        "groups": groups,
        "actions": {},
        "job": job,
        "job_item": item,
        "job_editable": editable,
        "job_position": index + 1,
        "job_items": len(items),
        "job_progress": jobs.progress(job),
        "previous_item": items[index - 1] if index else None,
        "next_item": items[index + 1] if index + 1 < len(items) else None,
    }


# --- Review -----------------------------------------------------------------------------------


def review_rows(job):
    """Per item, per unit: the source, the live translation, the job's text and their diff."""
    reviewed = []
    for item in job.items.select_related("content_type").prefetch_related("comments"):
        model, obj = jobs.item_object(item)
        if obj is None:
            continue
        live = jobs.live_texts(item, obj)
        comments = by_unit(item.comments.all())  # prefetched: one query for the job
        rows = []
        for group in jobs.item_groups(item, model, obj):
            for row in group.rows:
                old = live.get(row.key, "")
                rows.append(
                    {
                        "key": row.key,
                        "label": row.label,
                        "source": row.source,
                        "kind": row.kind,
                        "live": old,
                        "text": row.target,
                        "diff": inline_diff(old, row.target) if old else None,
                        "comments": comments.get(row.key, []),
                    }
                )
        reviewed.append({"item": item, "rows": rows})
    return reviewed


@answers_403
def job_review(request, pk):
    job = _job(request, pk)
    if not jobs.is_reviewer(request.user, job):
        raise PermissionDenied
    if request.method == "POST" and _review_action(request, job):
        return redirect("translations:job", job.pk)
    return TemplateResponse(
        request,
        "translations/jobs/review.html",
        {
            "page_title": _("Review “%(title)s”") % {"title": job.title},
            "header_icon": "tasks",
            "job": job,
            "reviewed": review_rows(job),
            "can_act": job.state == State.IN_REVIEW,
        },
    )


def _posted_comments(request, job):
    comments = {}
    for name, text in request.POST.items():
        if name.startswith("comment:") and text.strip():
            item_pk, _sep, unit = name.removeprefix("comment:").partition(":")
            if item_pk.isdigit():
                comments[(int(item_pk), unit)] = text.strip()
    return comments


def _review_action(request, job):
    action = request.POST.get("action")
    note = request.POST.get("note", "")
    try:
        if action == "approve":
            jobs.approve(job, request.user, note=note)
            messages.success(request, _("The job is approved and its translations are published."))
        elif action == "return":
            jobs.return_to_translator(job, request.user, _posted_comments(request, job), note)
            messages.success(request, _("The job has been returned to the translator."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True
