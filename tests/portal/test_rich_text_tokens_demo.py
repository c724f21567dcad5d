"""Every rich text of the demo, source and translations, survives the trip to tokens
({1}…{/1}) and back (portal/localization/tokens.py)."""

import re
from html import unescape

import pytest

from portal.localization.markup import tag_problem
from portal.localization.tokens import from_tokens, to_tokens
from portal.localization.units import content_models, specific_objects, units
from tests.portal.test_load_demo import demo  # noqa: F401 (the demo, loaded once for the module)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def demo_rich_texts():
    """(source, {lang: translation}) of every rich text unit of the demo."""
    found = []
    for model in content_models():
        for obj in specific_objects(model):
            by_context = {}
            for lang in ("fr", "es", "nb", "nl", "fi", "sv"):
                for unit in units(obj, lang):
                    if unit.kind == "richtext":
                        by_context.setdefault(unit.context, (unit.source, {}))[1][lang] = (
                            unit.target
                        )
            found += by_context.values()
    return found


def test_every_rich_text_of_the_demo_round_trips():
    texts = demo_rich_texts()
    assert len(texts) > 20
    assert any("<ul>" in source for source, _t in texts)
    translations = 0
    for source, targets in texts:
        text, tags = to_tokens(source)
        assert tags and from_tokens(text, source) == source
        assert unescape(re.sub(r"<[^>]+>", "", source)) == TokenText(text).plain
        for target in targets.values():
            if target and not tag_problem(source, target):
                translations += 1
                assert to_tokens(from_tokens(to_tokens(target)[0], source)) == to_tokens(target)
    assert translations > 20


class TokenText(str):
    @property
    def plain(self):
        return re.sub(r"\{/?\d+/?\}|\n", "", self)
