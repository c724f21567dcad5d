"""Coverage over time: the daily snapshot, its pruning, the dashboard's charts, table and CSV,
marks, the demo's history, and a fixed number of queries however long the history."""

import csv
import io
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compact.models import Objective
from portal.localization import history, status
from portal.localization.coverage import compute
from portal.localization.models import CoverageSnapshot
from portal.localization.units import target_languages
from portal.tooling.demo import coverage_history as demo_history
from tests.support import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

TODAY = timezone.localdate


@pytest.fixture
def nl_client(client, django_user_model):
    group, _created = Group.objects.get_or_create(name="Translators (nl)")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="translate_nl", content_type__app_label="portal"),
    )
    user = django_user_model.objects.create_user("tr", "tr@example.org", "pw")
    user.groups.add(group)
    client.force_login(user)
    return client


def figures(rows):
    return {(r.scope, r.kind, r.language): (r.total, r.done, r.outdated) for r in rows}


def cells(coverage, scope=None):
    return {
        (scope, label, lang): (cell.total, cell.done, cell.outdated)
        for (label, lang), cell in coverage.cells.items()
        if cell.total
    }


def outdate_an_objective_title(portal):
    objective = portal["objective"]
    objective.title_nl = "Doelstelling"
    objective.save()
    status.record(objective)
    objective.title_en = f"{objective.title_en}, reworded"
    objective.save()


def record(day, language, done, total=100, outdated=0, scope=None, kind="compact.Objective"):
    CoverageSnapshot.objects.create(
        date=day,
        language=language,
        kind=kind,
        scope=scope,
        total=total,
        done=done,
        outdated=outdated,
    )


def record_days(days, scope=None, start_done=40):
    """`days` + 1 days of figures for every target language: one more field translated a day."""
    for back in range(days + 1):
        for lang in target_languages():
            record(TODAY() - timedelta(days=back), lang, start_done + days - back, scope=scope)


# --- the snapshot --------------------------------------------------------------------------


def test_the_snapshot_holds_the_dashboard_figures_for_the_site_and_each_office(portal):
    outdate_an_objective_title(portal)
    written, pruned = history.snapshot()
    office = portal["office"]
    rows = CoverageSnapshot.objects.filter(date=TODAY())
    assert written == rows.count() and pruned == 0
    # The whole site: the dashboard's cells, kind by kind.
    assert figures(rows.filter(scope__isnull=True)) == cells(compute())
    assert figures(rows.filter(scope__isnull=True))[(None, "compact.Objective", "nl")][2] == 1
    # The office: the dashboard's cells with ?office=.
    assert figures(rows.filter(scope=office.pk)) == cells(compute(office=office), office.pk)
    assert rows.filter(scope=office.pk, kind="offices.CountryOfficePage").exists()


def test_a_second_snapshot_the_same_day_replaces_the_first(portal):
    history.snapshot()
    count = CoverageSnapshot.objects.count()
    objective = Objective.objects.get(pk=portal["objective"].pk)
    objective.title_fr = "Objectif traduit"
    objective.save()
    before = CoverageSnapshot.objects.get(
        date=TODAY(), scope=None, kind="compact.Objective", language="fr"
    ).done
    history.snapshot()
    assert CoverageSnapshot.objects.count() == count
    after = CoverageSnapshot.objects.get(
        date=TODAY(), scope=None, kind="compact.Objective", language="fr"
    )
    assert after.done == before + 1


def test_the_database_refuses_two_figures_for_one_day(portal):
    record(TODAY(), "nl", 10)
    record(TODAY(), "nl", 10, scope=portal["office"].pk)
    for scope in (None, portal["office"].pk):
        with pytest.raises(IntegrityError), transaction.atomic():
            record(TODAY(), "nl", 11, scope=scope)


def test_pruning_keeps_two_years():
    today = TODAY()
    two_years = today - timedelta(days=2 * 366)
    last_kept = today - timedelta(days=history.KEEP_DAYS)
    too_old = last_kept - timedelta(days=1)
    for day in (two_years, last_kept, too_old):
        record(day, "nl", 10)
    _written, pruned = history.snapshot()
    assert pruned == 1
    kept = set(CoverageSnapshot.objects.values_list("date", flat=True))
    assert {two_years, last_kept, today} <= kept and too_old not in kept


def test_the_command_takes_the_snapshot():
    out = StringIO()
    call_command("snapshot_coverage", stdout=out)
    written = CoverageSnapshot.objects.filter(date=TODAY()).count()
    assert written and f"Recorded {written} coverage figures" in out.getvalue()


# --- the dashboard -------------------------------------------------------------------------


def charts(html):
    return re.findall(r'<svg[^>]*class="tr-history-svg".*?</svg>', html, flags=re.S)


def test_the_dashboard_draws_a_chart_per_language_and_a_table(nl_client):
    record_days(29)
    html = nl_client.get(reverse("translations:dashboard")).content.decode()
    drawn = charts(html)
    assert len(drawn) == len(target_languages()) == 6
    for svg in drawn:
        # Described for screen readers; the band, the up-to-date line and the translated line.
        assert 'role="img"' in svg and "aria-labelledby=" in svg and "<title id=" in svg
        assert svg.count("<path ") == 3
    assert 'data-language="nl"' in html
    assert "+29 points in 29 days: 40% → 69% translated, 0 outdated." in html
    table = re.search(r'<table class="listing tr-history-table">.*?</table>', html, re.S)[0]
    assert table.count('<th scope="row">') == 30
    assert table.count('<th scope="col">') == 6 + 2  # date, languages, events
    assert "69.0% (0)" in table


def test_a_language_falling_behind_says_so(nl_client):
    for back, done in ((10, 60), (0, 55)):
        record(TODAY() - timedelta(days=back), "fi", done)
        record(TODAY() - timedelta(days=back), "nl", 50)
    html = nl_client.get(reverse("translations:dashboard")).content.decode()
    assert "−5 points in 10 days: 60% → 55% translated" in html
    assert "No change in 10 days: 50% → 50% translated" in html
    assert "tr-history-chart--down" in html and "tr-history-chart--flat" in html


def test_a_single_day_is_a_dot_and_no_history_says_how_to_get_one(nl_client):
    url = reverse("translations:dashboard")
    assert "snapshot_coverage" in nl_client.get(url).content.decode()
    record(TODAY(), "nl", 30)
    html = nl_client.get(url).content.decode()
    assert len(charts(html)) == 1
    assert 'class="tr-history-dot"' in html and "snapshot_coverage</code>" not in html


def test_the_period_and_the_office_filter(nl_client, portal):
    office = portal["office"]
    record(TODAY() - timedelta(days=200), "nl", 10)
    record(TODAY(), "nl", 20)
    record(TODAY() - timedelta(days=20), "nl", 70, scope=office.pk)
    record(TODAY(), "nl", 80, scope=office.pk)
    url = reverse("translations:dashboard")
    assert "+10 points in 200 days" in nl_client.get(url, {"days": 365}).content.decode()
    # 90 days (the default, also for a period not offered): only today's figure.
    for days in ("", "7", "abc"):
        html = nl_client.get(url, {"days": days}).content.decode()
        assert 'class="tr-history-dot"' in html and "points in" not in html
    html = nl_client.get(url, {"office": office.pk, "days": 30}).content.decode()
    assert "+10 points in 20 days: 70% → 80% translated" in html
    assert f"?office={office.pk}&amp;days=30" in html  # the CSV link and the periods keep it


def test_marks_are_ticks_with_a_title_and_rows_of_the_table(nl_client):
    record_days(5)

    def jobs(start, end, scope):
        return [
            history.Mark(TODAY() - timedelta(days=2), "Job 7 approved", "nl"),
            history.Mark(TODAY() - timedelta(days=3), "Glossary updated"),
            history.Mark(TODAY() - timedelta(days=400), "Too old to show"),
        ]

    history.add_marks(jobs)
    try:
        html = nl_client.get(reverse("translations:dashboard")).content.decode()
    finally:
        history.remove_marks(jobs)
    nl_chart = next(svg for svg in charts(html) if "nl-title" in svg)
    assert nl_chart.count('class="tr-history-mark"') == 2
    assert "<title>Job 7 approved</title>" in nl_chart
    fr_chart = next(svg for svg in charts(html) if "fr-title" in svg)
    assert fr_chart.count('class="tr-history-mark"') == 1  # the mark for every language
    assert "Nederlands: Job 7 approved" in html  # in the table, with its language
    assert "Too old to show" not in html


def test_the_dashboard_reads_the_history_in_one_query(nl_client):
    url = reverse("translations:dashboard", query={"days": 365})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert nl_client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    record_days(3)
    nl_client.get(url)
    few = count()
    CoverageSnapshot.objects.all().delete()
    record_days(300)
    many = count()
    assert len(many) == len(few)
    assert sum('"portal_coveragesnapshot"' in sql for sql in many) == 1


# --- the CSV -------------------------------------------------------------------------------


def read_csv(client, **params):
    response = client.get(reverse("translations:coverage_history_csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_has_every_figure_and_follows_the_filters(nl_client, portal):
    office = portal["office"]
    record(TODAY() - timedelta(days=100), "nl", 30, total=40, outdated=2)
    record(TODAY(), "nl", 35, total=40, outdated=1)
    record(TODAY(), "fi", 5, total=9, scope=office.pk, kind="offices.Office")
    rows = read_csv(nl_client)
    assert len(rows) == 3
    assert rows[0] == {
        "date": (TODAY() - timedelta(days=100)).isoformat(),
        "scope": "site",
        "kind": "compact.Objective",
        "language": "nl",
        "fields": "40",
        "translated": "30",
        "missing": "10",
        "outdated": "2",
    }
    code = f"office:{office.country.code}"
    assert [(r["scope"], r["language"]) for r in read_csv(nl_client, office=office.pk)] == [
        (code, "fi")
    ]
    assert [r["translated"] for r in read_csv(nl_client, days=30) if r["scope"] == "site"] == ["35"]


def test_the_csv_refuses_bad_input_and_people_who_translate_nothing(
    nl_client, client, django_user_model
):
    url = reverse("translations:coverage_history_csv")
    assert nl_client.get(url, {"office": "abc"}).status_code == 404
    assert nl_client.get(url, {"office": "999999"}).status_code == 404
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(url).status_code == 302


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_history_walks_back_from_today_and_is_written_once():
    for number in range(10, 20):
        f.ObjectiveFactory(number=number, title_fr=f"Objectif {number}", title_fi="Tavoite")
    written = demo_history.seed()
    days = demo_history.DAYS
    dates = set(CoverageSnapshot.objects.values_list("date", flat=True))
    assert len(dates) == days + 1 and min(dates) == TODAY() - timedelta(days=days)
    assert written == CoverageSnapshot.objects.count()
    # Today's figures are today's real snapshot.
    today = figures(CoverageSnapshot.objects.filter(date=TODAY(), scope__isnull=True))
    assert today == cells(compute())
    assert demo_history.seed() == 0
    assert CoverageSnapshot.objects.count() == written
    # French catches up, Finnish falls behind, and no figure is impossible.
    trend = history.history(days=days)
    assert trend["fr"][-1].percent > trend["fr"][0].percent
    assert trend["fi"][-1].percent < trend["fi"][0].percent
    assert not CoverageSnapshot.objects.filter(done__gt=F("total")).exists()
    assert not CoverageSnapshot.objects.filter(outdated__gt=F("done")).exists()
