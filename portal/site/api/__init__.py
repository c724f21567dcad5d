"""The portal's read-only open-data API (/api/v1/): offices, programmes, objectives and country
actions as JSON, in any of the portal's languages.

Built on Django REST framework rather than Wagtail's API (wagtail.api.v2): three of the four
resources are plain models, not pages, which Wagtail's API does not serve without writing the
same kind of viewsets anyway; its `?locale=` follows Wagtail's page-copy translations, not the
per-language columns this portal keeps (modeltranslation); and the programme filters must be the
finder's own form and queryset (offices/finder.py), which plug straight into a DRF view. DRF is
already installed as a Wagtail dependency; requirements.txt pins it.
"""
