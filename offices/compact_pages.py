"""What offices add to the Global Compact's pages (registered in OfficesConfig.ready()): the
programmes that serve an objective, and how many serve each one."""

from django.db.models import Prefetch

from compact import extensions
from offices import pledge_finder
from offices.models import Office, ProgrammePage
from portal.core.query import in_language, link_count, without_bodies

# The first programmes only (a busy objective has hundreds); the finder lists them all.
PROGRAMMES_SHOWN = 12


def count_programmes(page, context):
    """The index lists every objective with the number of programmes serving it."""
    context["objectives"] = context["objectives"].annotate(
        programme_count=link_count(ProgrammePage.objectives, "objective")
    )


def list_programmes(page, context):
    programmes = list(
        in_language(without_bodies(page.objective.programmes.live()))
        .exclude(page.private_sections)
        .prefetch_related(Prefetch("offices", queryset=in_language(Office.objects.live())))
        .order_by("title")[: PROGRAMMES_SHOWN + 1]
    )
    context["programmes"] = programmes[:PROGRAMMES_SHOWN]
    context["more_programmes"] = len(programmes) > PROGRAMMES_SHOWN


def register():
    extensions.add_to_index_page(count_programmes)
    extensions.add_to_objective_page(list_programmes)
    extensions.add_to_objective_page(pledge_finder.objective_records)
