"""Offices and partners in the body's "structured data listing" block (portal/core/blocks.py)."""

from offices.models import Office, Partner
from portal.core.blocks import register_listing


def offices(value):
    return Office.objects.live().order_by("name")


def partners(value):
    return Partner.objects.live().order_by("kind", "name")


def register():
    register_listing("offices", offices)
    register_listing("partners", partners)
