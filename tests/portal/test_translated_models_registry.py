"""The translation tools know every model with translated text, from modeltranslation's registry
(each app's translation.py), in the order admins see them."""

from django.db import models
from modeltranslation.translator import translator
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.localization.units import content_models

# Page fields derived from the title or the tree, not written by a translator.
DERIVED = {"slug", "url_path", "draft_title"}


def has_text_to_translate(model):
    options = translator.get_options_for_model(model)
    return any(
        isinstance(model._meta.get_field(name), models.CharField | models.TextField | StreamField)
        for name in options.all_fields
        if name not in DERIVED
    )


def test_every_model_with_translated_text_is_known_to_the_translation_tools():
    translated = [
        model
        for model in translator.get_registered_models(abstract=False)
        # Wagtail's Page is registered for the title every page type inherits; its own rows
        # are the tree's root.
        if model is not Page and not model._meta.proxy and has_text_to_translate(model)
    ]
    assert translated
    assert set(translated) == set(content_models())
    assert len(content_models()) == len(set(content_models()))


def test_page_types_come_first_each_after_a_type_that_may_hold_it():
    known = content_models()
    pages = [model for model in known if issubclass(model, Page)]
    assert known[: len(pages)] == pages
    assert pages[0].allowed_parent_page_models() == [Page]  # the home page
    for index, model in enumerate(pages[1:], start=1):
        assert any(parent in pages[:index] for parent in model.allowed_parent_page_models())


def test_records_follow_app_by_app_in_the_order_their_pages_came():
    known = content_models()
    page_apps = list(dict.fromkeys(m._meta.app_label for m in known if issubclass(m, Page)))
    record_apps = [m._meta.app_label for m in known if not issubclass(m, Page)]
    ranks = [page_apps.index(app) if app in page_apps else len(page_apps) for app in record_apps]
    assert ranks == sorted(ranks)
