"""Objectives and country actions in the body's "structured data listing" block
(portal/core/blocks.py)."""

from django.db.models import Prefetch

from compact.models import CountryAction, Objective
from portal.core.blocks import register_listing


def objectives(value):
    return Objective.objects.live().order_by("number")


def country_actions(value):
    actions = CountryAction.objects.live().prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.live())
    )
    if value.get("objective_number"):
        actions = actions.filter(objectives__number=value["objective_number"])
    return actions.order_by("-year", "country")


def register():
    register_listing("objectives", objectives)
    register_listing("country_actions", country_actions)
