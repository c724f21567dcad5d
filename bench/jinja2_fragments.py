"""Benchmark: would Jinja2 make the hot public templates cheaper? (issue 16, point 1)

    .venv/bin/python bench/jinja2_fragments.py --database sqlite:////tmp/demo.sqlite3

On a database with the demo (`migrate`, `update_translation_fields`, `load_demo`), in one
process (config.settings.test: DEBUG off, no page cache):

1. The objective page's two repeated fragments, a programme card and a country action, rendered
   for the same objects by Django's template engine (the portal's templates) and by Jinja2 (a
   port of the same templates below, calling the same helpers: the portal's `tr`, `text_of`,
   `link_lang`, `lang_marker`, `live_page`, Wagtail's `pageurl`), and the helpers alone, called
   as the templates call them: what no engine can take away. Both engines' output is checked
   equal (whitespace aside) before anything is timed.
2. Whole pages (office, programme, objective) through Django's test client under cProfile: the
   share of a request's time spent in Django's template engine itself (the own time of
   django/template/'s functions, not the helpers they call). With the fragments' engine ratio,
   Amdahl's law bounds what Jinja2 could give a whole page.

Writes bench/results-jinja2.md. Jinja2 is in requirements-dev.txt for this benchmark only.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from sizes import setup_url  # noqa: E402

ROUNDS = 7
REPEAT = 200
PROFILED = 20

PROGRAMME_CARD = """<article class="card card--programme">
  <p class="card__meta"><span class="badge badge--{{ programme.status }}">{{ programme.get_status_display() }}</span>{% if programme.acronym %} <abbr class="acronym">{{ programme.acronym }}</abbr>{% endif %}</p>
  <{{ level or "h3" }} class="card__title"><a href="{{ pageurl(programme) }}"{{ link_lang(programme) }}>{{ programme|tr("title") }}{{ lang_marker(programme) }}</a></{{ level or "h3" }}>
  {% set summary = text_of(programme, "summary") %}{% if summary %}<p{% if summary.is_fallback %} lang="{{ summary.lang }}"{% endif %}>{{ summary.value|truncatewords(40) }}</p>{% endif %}
  {% if show_offices %}{% set offices = programme.offices.all() %}{% if offices %}<p class="card__meta">{{ gettext("Run by:") }} {% for office in offices %}{{ office|tr("name") }}{% if not loop.last %}, {% endif %}{% endfor %}</p>{% endif %}{% endif %}
  {% if show_objectives %}{% set objectives = programme.objectives.all() %}{% if objectives %}<p class="card__meta">{{ gettext("Objectives:") }} {% for objective in objectives %}<span class="objective-number objective-number--small" title="{{ objective.title }}">{{ objective.number }}</span>{% if not loop.last %} {% endif %}{% endfor %}</p>{% endif %}{% endif %}
</article>
"""  # noqa: E501 (the port keeps the original's lines)

COUNTRY_ACTION = """<article class="action">
  <h3 class="action__title">{{ action.country.name }} <span class="action__year">{{ action.year }}</span></h3>
  <p>{{ action|tr("description")|linebreaksbr }}</p>
  {% set source = text_of(action, "source") %}{% if source or action.source_url %}
  <p class="meta">{{ gettext("Source:") }}
    {% if action.source_url %}<a href="{{ action.source_url }}"{% if source.is_fallback %} lang="{{ source.lang }}"{% endif %}>{% if source %}{{ source.value }}{% else %}{{ action.source_url }}{% endif %}</a>{% else %}<span{% if source.is_fallback %} lang="{{ source.lang }}"{% endif %}>{{ source.value }}</span>{% endif %}
  </p>{% endif %}
  {% if show_objectives %}{% set objectives = action.objectives.all() %}{% if objectives|length > 1 or not current_objective %}
  <p class="meta">{% if current_objective %}{{ gettext("Also advances:") }}{% else %}{{ gettext("Advances:") }}{% endif %}</p>
  <ul class="objective-links">
    {% for other in objectives %}{% if other.pk != current_objective.pk %}{% set other_page = other|live_page %}<li><span class="objective-number objective-number--small">{{ other.number }}</span> {% if other_page %}<a href="{{ pageurl(other_page) }}"{{ link_lang(other_page) }}>{{ other|tr("title") }}{{ lang_marker(other_page) }}</a>{% else %}{{ other|tr("title") }}{% endif %}</li>{% endif %}{% endfor %}
  </ul>
  {% endif %}{% endif %}
</article>
"""  # noqa: E501

ENGINE = re.compile(r"django/template/(?!defaultfilters)")
# The page's whole render, helpers and the queries it runs included.
RENDER = ("django/template/backends/django.py", "render")


def jinja_environment(request):
    """Jinja2 with the portal's helpers, as a Jinja2 port of the templates would have them."""
    from django.template.defaultfilters import linebreaksbr, truncatewords  # noqa: PLC0415
    from django.utils.translation import gettext  # noqa: PLC0415
    from jinja2 import Environment  # noqa: PLC0415
    from wagtail.templatetags.wagtailcore_tags import pageurl  # noqa: PLC0415

    from portal.site.templatetags import portal_tags as tags  # noqa: PLC0415

    context = {"request": request}
    env = Environment(autoescape=True)  # noqa: S701 (autoescape is on)
    env.filters.update(
        tr=tags.tr,
        live_page=tags.live_page,
        truncatewords=truncatewords,
        linebreaksbr=lambda value: linebreaksbr(value, autoescape=True),
    )
    env.globals.update(
        gettext=gettext,
        text_of=tags.text_of,
        pageurl=lambda page: pageurl(context, page),
        link_lang=lambda target: tags.link_lang(context, target),
        lang_marker=lambda target: tags.lang_marker(context, target),
    )
    return env


def helpers_alone(request, programmes, actions, objective):
    """What the two templates ask the portal and Wagtail for, without any template engine."""
    from wagtail.templatetags.wagtailcore_tags import pageurl  # noqa: PLC0415

    from portal.site.templatetags import portal_tags as tags  # noqa: PLC0415

    context = {"request": request}
    for programme in programmes:
        programme.get_status_display()
        pageurl(context, programme)
        tags.link_lang(context, programme), tags.lang_marker(context, programme)
        tags.tr(programme, "title"), tags.text_of(programme, "summary")
        for office in programme.offices.all():
            tags.tr(office, "name")
    for action in actions:
        tags.tr(action, "description"), tags.text_of(action, "source")
        for other in action.objectives.all():
            if other.pk != objective.pk and (other_page := tags.live_page(other)):
                pageurl(context, other_page)
                tags.link_lang(context, other_page), tags.lang_marker(context, other_page)
                tags.tr(other, "title")


def objective_fragments(page):
    """The request and the objective page's programmes, country actions and objective."""
    from django.test import RequestFactory  # noqa: PLC0415

    request = RequestFactory().get(page.get_url())
    context = page.get_context(request)
    objective = page.shown_objective
    return request, list(context["programmes"]), list(context["country_actions"]), objective


def renderers(request, programmes, actions, objective):
    from django.template import Context  # noqa: PLC0415
    from django.template.loader import get_template  # noqa: PLC0415

    card, action_t = (
        get_template(f"components/{n}.html") for n in ("programme_card", "country_action")
    )
    env = jinja_environment(request)
    j_card, j_action = env.from_string(PROGRAMME_CARD), env.from_string(COUNTRY_ACTION)
    shared = {"request": request, "show_offices": True, "show_objectives": True}

    # As an {% include %} renders them: in a plain Context, not a RequestContext that would run
    # the context processors again for each fragment.
    card, action_t = card.template, action_t.template

    def django_engine():
        out = [card.render(Context({**shared, "programme": p})) for p in programmes]
        extra = {**shared, "current_objective": objective}
        return out + [action_t.render(Context({**extra, "action": a})) for a in actions]

    def jinja2_engine():
        out = [j_card.render(**shared, programme=p) for p in programmes]
        extra = {**shared, "current_objective": objective}
        return out + [j_action.render(**extra, action=a) for a in actions]

    def helpers():
        helpers_alone(request, programmes, actions, objective)

    return {"Django templates": django_engine, "Jinja2": jinja2_engine, "helpers alone": helpers}


def squeeze(html):
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def time_ms(function):
    """Median over ROUNDS of REPEAT calls, per call, in ms."""
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(REPEAT):
            function()
        timings.append((time.perf_counter() - started) * 1000 / REPEAT)
    return statistics.median(timings)


def engine_share(client, url):
    """(request ms, share of it in Django's template engine's own code) under cProfile."""
    client.get(url)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(PROFILED):
        assert client.get(url).status_code == 200, url
    profile.disable()
    stats = pstats.Stats(profile).stats
    total = sum(own for _cc, _nc, own, _cum, _callers in stats.values())
    engine = sum(v[2] for (file, _line, _name), v in stats.items() if ENGINE.search(file))
    rendering = max(
        v[3]
        for (file, _line, name), v in stats.items()
        if file.endswith(RENDER[0]) and name == RENDER[1]
    )
    return total * 1000 / PROFILED, engine / total, rendering / total


def hot_pages():
    """The pages bench/compare.py measures: the last office and programme, the first objective."""
    from django.utils import translation  # noqa: PLC0415

    from compact.models import ObjectivePage  # noqa: PLC0415
    from offices.models import CountryOfficePage, ProgrammePage  # noqa: PLC0415

    with translation.override("en"):
        return [
            (label, model.objects.live().order_by(order).first())
            for label, model, order in (
                ("country office", CountryOfficePage, "-path"),
                ("programme", ProgrammePage, "-path"),
                ("objective", ObjectivePage, "path"),
            )
        ]


def busiest_objective():
    """The objective page that lists the most country actions: the most fragments."""
    from django.db.models import Count  # noqa: PLC0415

    from compact.models import ObjectivePage  # noqa: PLC0415

    pages = ObjectivePage.objects.live().annotate(n=Count("objective__country_actions"))
    return pages.order_by("-n", "path").first()


def measure(objective, pages):
    from django.test import Client  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    with translation.override("en"):
        args = objective_fragments(objective)
        runs = renderers(*args)
        django_out, jinja_out = runs["Django templates"](), runs["Jinja2"]()
        assert [squeeze(h) for h in django_out] == [squeeze(str(h)) for h in jinja_out]
        fragments = {name: time_ms(run) for name, run in runs.items()}
        client = Client()
        shares = {label: engine_share(client, page.get_url()) for label, page in pages}
    return len(django_out), fragments, shares


def report(url, count, fragments, shares):
    django_ms, jinja_ms, helpers_ms = fragments.values()
    engine_ratio = (django_ms - helpers_ms) / max(jinja_ms - helpers_ms, 1e-9)
    lines = [
        f"## Fragments of `{url}`: {count} rendered (programme cards and country actions)",
        "",
        "| Renderer | ms per page's fragments | engine's own ms |",
        "|---|---:|---:|",
    ]
    for name, ms in fragments.items():
        lines.append(f"| {name} | {ms:.2f} | {ms - helpers_ms:.2f} |")
    lines += [
        "",
        f"Jinja2's engine is {engine_ratio:.1f}x cheaper than Django's on these fragments; the "
        f"fragments as a whole {django_ms / jinja_ms:.2f}x.",
        "",
        "## Whole pages: where a request's time goes (cProfile)",
        "",
        "The page's template render (helpers and the queries run from the templates included),",
        "and the own time of Django's template engine (django/template/, filters excluded).",
        "If the whole render were as much cheaper as these fragments are in Jinja2,",
        "a request would be at most this much cheaper:",
        "",
        "| Page | ms per request (profiled) | template render | engine's own | Jinja2 at most |",
        "|---|---:|---:|---:|---:|",
    ]
    whole_ratio = jinja_ms / django_ms
    for label, (ms, engine, rendering) in shares.items():
        bound = 1 / ((1 - rendering) + rendering * whole_ratio)
        lines.append(f"| {label} | {ms:.1f} | {rendering:.0%} | {engine:.0%} | {bound:.2f}x |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="a DATABASE_URL with the demo")
    args = parser.parse_args()
    setup_url(args.database)
    pages = hot_pages()
    objective = busiest_objective()
    count, fragments, shares = measure(objective, pages)
    text = report(objective.url, count, fragments, shares)
    out = ROOT / "bench" / "results-jinja2.md"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    header = (
        "# Jinja2 for the hot templates? (issue 16, point 1)\n\n"
        f"`.venv/bin/python bench/jinja2_fragments.py --database ...` ({date.today()}), the demo "
        f"on SQLite, config.settings.test (DEBUG off, no page cache); load average {load}; "
        f"medians of {ROUNDS} rounds of {REPEAT} renders.\n\n"
    )
    out.write_text(header + text)
    print(text)


if __name__ == "__main__":
    main()
