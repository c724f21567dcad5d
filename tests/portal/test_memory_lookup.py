"""Fuzzy look-ups at some scale: the best three are those rapidfuzz finds over every entry, on
SQLite and on PostgreSQL (pg_trgm's candidates, scripts/with-postgres.sh)."""

import random

import pytest
from rapidfuzz import fuzz, process

from portal.localization import memory
from portal.localization.models import MemoryEntry
from portal.localization.units import fingerprint

pytestmark = pytest.mark.django_db

SENTENCES = [
    "Countries work together to save lives and prevent migrant deaths at sea",
    "A facility hosted by the Global Office helps countries build their capacity",
    "Families of missing migrants get answers from the authorities of both countries",
    "The network supports member states in implementing the objectives of the Compact",
    "Partner organisations report on their country actions once a year",
    "Migrant workers have access to basic services whatever their status",
]


def fill(count, rng):
    words = " ".join(SENTENCES).split()
    entries = []
    for number in range(count):
        base = rng.choice(SENTENCES).split()
        for _ in range(rng.randint(1, 4)):
            base[rng.randrange(len(base))] = rng.choice(words)
        source = " ".join(base)
        entries.append(
            MemoryEntry(
                source_language="en", target_language="nb", source_text=source,
                target_text=f"nb {number}", source_hash=fingerprint(source),
                origin=MemoryEntry.Origin.IMPORTED,
            )
        )  # fmt: skip
    MemoryEntry.objects.bulk_create(entries)
    return [entry.source_text for entry in entries]


def best_three(source, texts):
    found = process.extract(source, texts, scorer=fuzz.ratio, score_cutoff=memory.threshold())
    return sorted((int(round(points)) for _text, points, _index in found), reverse=True)[:3]


def test_fuzzy_matches_are_the_best_over_every_entry():
    rng = random.Random(13)
    texts = fill(2000, rng)
    probes = [" ".join(s.split()[:-1]) + " today." for s in SENTENCES]
    probes += ["Countries work together to save lives", "Partner organisations report"]
    for source in probes:
        found = memory.suggestions(source, "nb")
        assert [match.score for match in found] == best_three(source, texts), source
        assert all(match.kind == "fuzzy" for match in found)


def test_a_long_text_finds_its_near_match_among_unlike_ones():
    fill(300, random.Random(7))
    near = "Countries work together to save lives and prevent the deaths of migrants at sea"
    MemoryEntry.objects.create(
        source_language="en",
        target_language="nb",
        source_text=near,
        target_text="Landene",
        source_hash=fingerprint(near),
    )
    found = memory.suggestions(
        "Countries work together to save lives and prevent the deaths of migrants at sea.", "nb"
    )
    assert found[0].entry.target_text == "Landene"
    assert memory.threshold() <= found[0].score < memory.EXACT
