"""Translation jobs (issue 14): made by an admin, done by a translator, reviewed, then published
one language at a time. The translator's text stays in the job until approval."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from portal.localization import history, job_scope, jobs
from portal.localization.job_models import JobComment, JobEvent, JobItem, LanguageRate
from portal.localization.job_models import TranslationJob as Job
from portal.localization.jobs import reviewer_group_name
from portal.localization.wordcount import analyse
from tests.support import factories as f

pytestmark = pytest.mark.django_db

NB = "Translators: Norwegian Bokmål"


def person(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, password="pw", first_name=username)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def team(django_user_model):
    admin = django_user_model.objects.create_superuser("boss", password="pw")
    return {
        "admin": admin,
        "translator": person(django_user_model, "nb-translator", NB),
        "reviewer": person(django_user_model, "nb-reviewer", reviewer_group_name("nb")),
        "fi": person(django_user_model, "fi-translator", "Translators: Finnish"),
    }


def live(page):
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def page(home):
    page = f.StandardPageFactory(
        parent=home,
        title="Our work",
        slug="our-work",
        summary_en="We help people move safely.",
        body_en=[],
    )
    page.save_revision().publish()
    return live(page)


def form_data(**extra):
    data = {
        "title": "Norwegian: our work",
        "languages": ["nb"],
        "scope_kind": "missing",
        "due_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "priority": "2",
        "instructions": "Use the termbase.",
    }
    data.update(extra)
    return data


def make_job(client, team, page, **extra):
    client.force_login(team["admin"])
    ct = f"{page.content_type_id}:{page.pk}"
    data = form_data(
        scope_kind="selected",
        objects=[ct],
        translator=team["translator"].pk,
        **{"reviewer": team["reviewer"].pk, **extra},
    )
    response = client.post(reverse("translations:job_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Job.objects.latest("pk")


def test_an_admin_creates_a_job_with_items_word_counts_and_a_history(client, team, page):
    job = make_job(client, team, page)
    (item,) = job.items.all()
    assert (item.object_id, item.language, item.label) == (page.pk, "nb", "Our work")
    assert set(item.fields) >= {"title", "summary"}
    counts = analyse([page], "nb").total
    assert (item.words_new, item.words_fuzzy, item.words_exact) == (counts.new, 0, counts.exact)
    assert item.words_new >= 7  # "Our work", "We help people move safely."
    assert job.state == Job.State.OPEN
    assert list(job.events.values_list("to_state", "user__username")) == [("open", "boss")]
    detail = client.get(reverse("translations:job", args=[job.pk]))
    assert b"Our work" in detail.content and b"Use the termbase." in detail.content


def test_the_cost_estimate_uses_the_rate_of_each_language(client, team, page):
    job = make_job(client, team, page)
    assert jobs.cost(job) == {}
    LanguageRate.objects.create(language="nb", rate="0.20", currency="NOK")
    words = job.items.get().words_new
    assert jobs.cost(job) == {
        "NOK": (words * jobs.RATE_WEIGHTS["new"] * 2 / 10).quantize(jobs.Decimal("0.01"))
    }


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"due_date": "2020-01-01"}, "due_date", "The due date is in the past."),
        ({"translator": ""}, "translator", "Choose a translator or a translator group."),
        ({"reviewer": "FI"}, "reviewer", "is not in the group “Reviewers: Norwegian Bokmål”"),
        ({"translator": "FI"}, "translator", "fi-translator does not translate into norsk"),
    ],
)
def test_bad_jobs_get_a_clear_form_error_and_nothing_is_made(
    client, team, page, extra, field, message
):
    client.force_login(team["admin"])
    extra = {k: (team["fi"].pk if v == "FI" else v) for k, v in extra.items()}
    data = form_data(translator=team["translator"].pk, reviewer=team["reviewer"].pk)
    data.update(scope_kind="selected", objects=[f"{page.content_type_id}:{page.pk}"], **extra)
    response = client.post(reverse("translations:job_create"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Job.objects.exists() and not JobItem.objects.exists()


def test_a_scope_with_nothing_to_translate_is_refused(team, page):
    with pytest.raises(ValidationError, match="nothing to translate"):
        job_scope.plan("outdated", ["nb"])


def test_only_admins_create_jobs(client, team):
    client.force_login(team["translator"])
    assert client.get(reverse("translations:job_create")).status_code == 403


def translate(client, team, job, texts, action="save"):
    client.force_login(team["translator"])
    item = job.items.get()
    url = reverse("translations:job_item", args=[job.pk, item.pk])
    return client.post(url, {**{f"t:{k}": v for k, v in texts.items()}, "action": action})


def test_the_translators_text_stays_in_the_job_until_approval(client, team, page):
    job = make_job(client, team, page)
    revisions = page.revisions.count()
    response = translate(client, team, job, {"title": "Vårt arbeid", "summary": "Vi hjelper."})
    assert response.status_code == 302
    item = job.items.get()
    assert item.texts == {"title": "Vårt arbeid", "summary": "Vi hjelper."}
    assert item.status == JobItem.Status.TRANSLATED
    assert live(page).title_nb in (None, "") and page.revisions.count() == revisions
    job.refresh_from_db()
    assert job.state == Job.State.IN_PROGRESS  # the first save started it
    editor = client.get(reverse("translations:job_item", args=[job.pk, item.pk]))
    assert "Vårt arbeid" in editor.content.decode()


def test_a_translator_of_another_language_gets_403_and_nothing_changes(client, team, page):
    job = make_job(client, team, page)
    client.force_login(team["fi"])
    item = job.items.get()
    url = reverse("translations:job_item", args=[job.pk, item.pk])
    assert client.post(url, {"t:title": "Työmme"}).status_code == 403
    assert client.get(reverse("translations:job", args=[job.pk])).status_code == 403
    submit = client.post(reverse("translations:job", args=[job.pk]), {"action": "submit"})
    assert submit.status_code == 403
    job.refresh_from_db()
    assert job.state == Job.State.OPEN and job.items.get().texts == {}


def submit(client, team, job):
    client.force_login(team["translator"])
    client.post(reverse("translations:job", args=[job.pk]), {"action": "submit"})
    job.refresh_from_db()


def test_a_returned_job_publishes_nothing_and_the_translator_sees_the_comment(client, team, page):
    job = make_job(client, team, page)
    translate(client, team, job, {"title": "Vårt arbeid", "summary": "Vi hjelper."})
    submit(client, team, job)
    assert job.state == Job.State.IN_REVIEW
    client.force_login(team["reviewer"])
    review = client.get(reverse("translations:job_review", args=[job.pk]))
    assert "Vårt arbeid" in review.content.decode()
    item = job.items.get()
    response = client.post(
        reverse("translations:job_review", args=[job.pk]),
        {"action": "return", f"comment:{item.pk}:summary": "Say who we help."},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.IN_PROGRESS
    assert live(page).title_nb in (None, "")  # nothing published
    assert JobComment.objects.get().text == "Say who we help."
    client.force_login(team["translator"])
    editor = client.get(reverse("translations:job_item", args=[job.pk, item.pk]))
    assert "Say who we help." in editor.content.decode()


def test_returning_without_a_comment_is_refused(client, team, page):
    job = make_job(client, team, page)
    translate(client, team, job, {"title": "Vårt arbeid", "summary": "Vi hjelper."})
    submit(client, team, job)
    client.force_login(team["reviewer"])
    client.post(reverse("translations:job_review", args=[job.pk]), {"action": "return"})
    job.refresh_from_db()
    assert job.state == Job.State.IN_REVIEW


def test_approval_publishes_the_language_only_with_an_english_draft_pending(client, team, page):
    job = make_job(client, team, page)
    translate(client, team, job, {"title": "Vårt arbeid", "summary": "Vi hjelper."})
    submit(client, team, job)
    draft = live(page)
    draft.summary_en = "An English draft, not yet approved."
    draft.save_revision()
    client.force_login(team["reviewer"])
    response = client.post(reverse("translations:job_review", args=[job.pk]), {"action": "approve"})
    assert response.status_code == 302
    published = live(page)
    assert (published.title_nb, published.summary_nb) == ("Vårt arbeid", "Vi hjelper.")
    assert published.summary_en == "We help people move safely."
    assert published.get_latest_revision_as_object().summary_en.startswith("An English draft")
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert set(job.items.values_list("status", flat=True)) == {JobItem.Status.PUBLISHED}
    assert list(job.events.values_list("to_state", flat=True)) == [
        "open",
        "in_progress",
        "in_review",
        "done",
    ]


def test_a_second_approval_is_refused_and_publishes_nothing_more(client, team, page):
    job = make_job(client, team, page)
    translate(client, team, job, {"title": "Vårt arbeid"})
    submit(client, team, job)
    jobs.approve(job, team["reviewer"])
    revisions = page.revisions.count()
    with pytest.raises(ValidationError):
        jobs.approve(Job.objects.get(pk=job.pk), team["reviewer"])
    assert page.revisions.count() == revisions


def test_a_reviewer_of_another_language_may_not_approve(django_user_model, client, team, page):
    job = make_job(client, team, page)
    translate(client, team, job, {"title": "Vårt arbeid"})
    submit(client, team, job)
    other = person(django_user_model, "fi-reviewer", reviewer_group_name("fi"))
    with pytest.raises(PermissionDenied):
        jobs.approve(job, other)
    client.force_login(other)
    assert client.post(reverse("translations:job_review", args=[job.pk])).status_code == 403
    assert live(page).title_nb in (None, "")


def test_a_failure_midway_through_approval_changes_nothing(client, team, page, home):
    other = f.StandardPageFactory(parent=home, title="Contact", slug="contact")
    other.save_revision().publish()
    client.force_login(team["admin"])
    data = form_data(
        scope_kind="selected",
        objects=[f"{p.content_type_id}:{p.pk}" for p in (page, other)],
        translator=team["translator"].pk,
    )
    client.post(reverse("translations:job_create"), data)
    job = Job.objects.get()
    first, second = job.items.order_by("position")
    first.texts, second.texts = {"title": "Vårt arbeid"}, {"title": "x" * 300}  # too long
    first.save()
    second.save()
    Job.objects.filter(pk=job.pk).update(state=Job.State.IN_REVIEW)
    with pytest.raises(ValidationError):
        jobs.approve(Job.objects.get(pk=job.pk), team["admin"])
    assert live(page).title_nb in (None, "")
    assert Job.objects.get(pk=job.pk).state == Job.State.IN_REVIEW
    assert not JobEvent.objects.filter(to_state="done").exists()


def test_a_record_is_translated_through_a_job(client, team):
    office = f.OfficeFactory(name_en="Oslo office", city_en="Oslo")
    client.force_login(team["admin"])
    data = form_data(
        scope_kind="selected",
        objects=[f"{office_ct(office)}:{office.pk}"],
        translator=team["translator"].pk,
    )
    client.post(reverse("translations:job_create"), data)
    job = Job.objects.get()
    translate(client, team, job, {"name": "Oslo-kontoret"})
    submit(client, team, job)
    office.refresh_from_db()
    assert not office.name_nb
    jobs.approve(job, team["admin"])
    office.refresh_from_db()
    assert office.name_nb == "Oslo-kontoret"


def office_ct(office):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(office).pk


def test_the_outdated_scope_finds_outdated_translations(team, page):
    page.title_nb = "Vårt arbeid"
    page.save_revision().publish()
    changed = live(page)
    changed.title_en = "Our work today"
    changed.save_revision().publish()
    planned = job_scope.plan("outdated", ["nb"], user=team["admin"])
    assert [(p.obj.pk, p.language, p.fields) for p in planned.items] == [(page.pk, "nb", ["title"])]


def test_the_list_filters_and_my_jobs_on_the_admin_dashboard(client, team, page):
    job = make_job(client, team, page)
    client.force_login(team["translator"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "My translation jobs" in home and job.title in home
    listing = client.get(reverse("translations:jobs"), {"state": "open", "language": "nb"})
    assert job.title in listing.content.decode()
    none = client.get(reverse("translations:jobs"), {"state": "done"})
    assert job.title not in none.content.decode()
    overdue = client.get(reverse("translations:jobs"), {"due": "overdue"})
    assert job.title not in overdue.content.decode()
    client.force_login(team["fi"])
    assert job.title not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_reviewer_groups_exist_for_every_language(settings):
    for code, _name in settings.LANGUAGES:
        group = Group.objects.get(name=reviewer_group_name(code))
        assert group.permissions.filter(codename=f"review_{code}").exists()
        assert Permission.objects.get(codename=f"review_{code}")


def test_a_job_starts_from_a_drilldown_selection_and_from_the_languages_tab(client, team, page):
    client.force_login(team["admin"])
    new = client.get(
        reverse("translations:job_create"),
        {"model": "portal.StandardPage", "objects": [str(page.pk)], "language": "nb"},
    )
    form = new.context["form"]
    assert form.initial["objects"] == [f"{page.content_type_id}:{page.pk}"]
    assert (form.initial["scope_kind"], form.initial["languages"]) == ("selected", ["nb"])
    assert "1 page or record chosen." in new.content.decode()
    drilldown = client.get(reverse("translations:drilldown", args=["portal.StandardPage", "nb"]))
    assert "Create a job for the selected items" in drilldown.content.decode()
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Create a translation job" in editor
    assert f"object={page.content_type_id}%3A{page.pk}" in editor
    job = make_job(client, team, page)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert job.title in editor  # the tab lists the page's active jobs


def test_translators_see_no_job_buttons_they_cannot_use(client, team, page):
    client.force_login(team["translator"])
    dashboard = client.get(reverse("translations:dashboard")).content.decode()
    assert "New job" not in dashboard and "Translation jobs" in dashboard


def test_a_finished_job_is_a_mark_on_its_languages_coverage_chart(client, team, page):
    job = make_job(client, team, page)
    translate(client, team, job, {"title": "Vårt arbeid"})
    submit(client, team, job)
    jobs.approve(job, team["reviewer"])
    today = timezone.localdate()
    (mark,) = history.marks(today - datetime.timedelta(days=30), today)
    assert (mark.date, mark.label, mark.language) == (today, job.title, "nb")
    client.force_login(team["admin"])
    dashboard = client.get(reverse("translations:dashboard")).content.decode()
    assert job.title in dashboard  # the tick's title on the Norwegian chart


def test_a_job_naming_no_reviewer_goes_to_the_languages_reviewer_group(client, team, page):
    job = make_job(client, team, page, reviewer="")
    translate(client, team, job, {"title": "Vårt arbeid"})
    submit(client, team, job)
    client.force_login(team["reviewer"])
    assert job.title in client.get(reverse("translations:jobs")).content.decode()
    assert job.title in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.post(reverse("translations:job_review", args=[job.pk]), {"action": "approve"})
    assert response.status_code == 302
    assert live(page).title_nb == "Vårt arbeid"


def test_an_outdated_field_translated_in_the_job_says_so_in_the_editor(client, team, page):
    page.title_nb = "Arbeidet"
    page.save_revision().publish()
    changed = live(page)
    changed.title_en = "Our work today"
    changed.save_revision().publish()
    job = make_job(client, team, live(page))
    url = reverse("translations:job_item", args=[job.pk, job.items.get().pk])
    client.force_login(team["translator"])
    assert "Outdated translation" in client.get(url).content.decode()
    translate(client, team, job, {"title": "Arbeidet vårt i dag", "summary": "Vi hjelper."})
    html = client.get(url).content.decode()
    assert "Updated in this job" in html and "Outdated translation" not in html
