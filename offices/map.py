"""A map of the offices and the countries they cover, drawn as SVG paths on the server.

The shapes are Natural Earth's 1:110m countries (public domain), kept in geo/countries_110m.json
(see geo/build_countries.py for where they come from). They are projected once per process with
the Robinson projection; each view (the part of the world a map shows) is clipped, simplified to
what its size can show and cached, so drawing a map costs no query and almost no time.

`office_map(offices)` returns what templates/components/office_map.html needs: the view box,
one path for all other land, and a path per office country and per covered country.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

SHAPES_FILE = Path(__file__).with_name("geo") / "countries_110m.json"

# The map is WIDTH units wide in its own coordinates (the SVG scales to its box in the page).
WIDTH = 1000
# Simplification: points closer than this to the line through their neighbours go (map units).
TOLERANCE = 0.7
# Rings (small islands) smaller than this many square map units are left out...
MIN_RING_AREA = 4.0
# ...but a highlighted country smaller than this gets a round marker, so it can be seen and hit.
MARKER_BELOW_AREA = 60.0
MARKER_RADIUS = 6.0

# Robinson projection: length of the parallel (X) and distance from the equator (Y), every 5°.
ROBINSON_X = [
    1.0000, 0.9986, 0.9954, 0.9900, 0.9822, 0.9730, 0.9600, 0.9427, 0.9216, 0.8962,
    0.8679, 0.8350, 0.7986, 0.7597, 0.7186, 0.6732, 0.6213, 0.5722, 0.5322,
]  # fmt: skip
ROBINSON_Y = [
    0.0000, 0.0620, 0.1240, 0.1860, 0.2480, 0.3100, 0.3720, 0.4340, 0.4958, 0.5571,
    0.6176, 0.6769, 0.7346, 0.7903, 0.8435, 0.8936, 0.9394, 0.9761, 1.0000,
]  # fmt: skip
# Left out of every map: a map of where offices work has no use for Antarctica.
LEFT_OUT = {"AQ"}


def robinson(lon, lat):
    """(x, y) in the projection's units: x from -2.67 to 2.67, y from -1.35 (south) to 1.35."""
    a = min(abs(lat), 90.0) / 5.0
    i = min(int(a), 17)
    t = a - i
    px = ROBINSON_X[i] + (ROBINSON_X[i + 1] - ROBINSON_X[i]) * t
    py = ROBINSON_Y[i] + (ROBINSON_Y[i + 1] - ROBINSON_Y[i]) * t
    return 0.8487 * px * math.radians(lon), math.copysign(1.3523 * py, lat)


def ring_area(points):
    """Signed area (shoelace)."""
    pairs = zip(points, points[1:] + points[:1], strict=True)
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)


def bounds(points):
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Shape:
    code: str
    rings: tuple  # of tuples of (x, y), projected
    ring_bounds: tuple  # (x0, y0, x1, y1) per ring
    main: tuple  # bounds of the largest ring: frames the country without far islands


@cache
def shapes():
    """{ISO code: Shape}, projected. Loaded and projected once per process."""
    raw = json.loads(SHAPES_FILE.read_text())
    result = {}
    for code, rings in raw.items():
        if code in LEFT_OUT:
            continue
        projected = tuple(
            tuple(robinson(ring[i] / 100, ring[i + 1] / 100) for i in range(0, len(ring), 2))
            for ring in rings
        )
        largest = max(projected, key=lambda r: abs(ring_area(list(r))))
        result[code] = Shape(
            code=code,
            rings=projected,
            ring_bounds=tuple(bounds(r) for r in projected),
            main=bounds(largest),
        )
    return result


# --- Framing: which part of the world a map shows -----------------------------------------------


@cache
def world():
    """The bounds (x0, y0, x1, y1) of all land drawn: the whole width, no empty polar sea."""
    boxes = [b for shape in shapes().values() for b in shape.ring_bounds]
    margin = 0.03
    return (
        -0.8487 * math.pi,
        min(b[1] for b in boxes) - margin,
        0.8487 * math.pi,
        max(b[3] for b in boxes) + margin,
    )


def frame(codes, aspect, min_width=0.55, padding=0.12):
    """The view (x0, y0, x1, y1 in projected units) that shows the countries `codes` with some
    of their surroundings, in the given width/height ratio; the whole world when nothing fits."""
    known = [shapes()[c].main for c in codes if c in shapes()]
    if not known:
        return None
    x0 = min(b[0] for b in known)
    y0 = min(b[1] for b in known)
    x1 = max(b[2] for b in known)
    y1 = max(b[3] for b in known)
    pad = padding * max(x1 - x0, y1 - y0) + 0.05
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    w, h = max(x1 - x0, min_width), max(y1 - y0, min_width / aspect)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    wx0, wy0, wx1, wy1 = world()
    if w > wx1 - wx0:
        w, h = wx1 - wx0, (wx1 - wx0) / aspect
    h = min(h, wy1 - wy0)
    cx = min(max((x0 + x1) / 2, wx0 + w / 2), wx1 - w / 2)
    cy = min(max((y0 + y1) / 2, wy0 + h / 2), wy1 - h / 2)
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


# --- Drawing a view -----------------------------------------------------------------------------


def clip(points, x0, y0, x1, y1):
    """Sutherland-Hodgman: the ring cut to the rectangle (edges along it are fine for a fill)."""

    def cut(pts, inside, cross):
        out = []
        for i, current in enumerate(pts):
            previous = pts[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, cross in (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    ):
        points = cut(points, inside, cross)
        if not points:
            break
    return points


def simplify(points, tolerance):
    """Douglas-Peucker on a closed ring (split at the point farthest from the first)."""
    if len(points) < 4:
        return points
    first = points[0]
    far = max(range(len(points)), key=lambda i: math.dist(first, points[i]))
    if far == 0:
        return [first]
    keep = {0, far}
    stack = [(0, far), (far, len(points))]  # index len(points) stands for the first point again
    while stack:
        start, end = stack.pop()
        if end - start < 2:
            continue
        ax, ay = points[start]
        bx, by = points[end % len(points)]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, best_i = -1.0, None
        for i in range(start + 1, end):
            px, py = points[i]
            if length:
                d = abs(dx * (ay - py) - dy * (ax - px)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > best:
                best, best_i = d, i
        if best > tolerance:
            keep.add(best_i)
            stack.append((start, best_i))
            stack.append((best_i, end))
    return [points[i] for i in sorted(keep)]


def number(tenths):
    """'12.3', '-.5', '4': a coordinate in tenths of a unit, as short as SVG allows."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    text = f"{whole}.{frac}" if frac else f"{whole}"
    return sign + (text[1:] if text.startswith("0.") else text)


def path_data(rings):
    """SVG path data for rings of points in map units: absolute start, then relative steps."""
    parts = []
    for ring in rings:
        tenths = []
        for x, y in ring:
            p = (round(x * 10), round(y * 10))
            if not tenths or tenths[-1] != p:
                tenths.append(p)
        if len(tenths) < 3:
            continue
        tokens = [number(tenths[0][0]), number(tenths[0][1])]
        steps = []
        for (ax, ay), (bx, by) in zip(tenths, tenths[1:], strict=False):
            steps += [number(bx - ax), number(by - ay)]
        text = "M" + join_numbers(tokens) + "l" + join_numbers(steps) + "z"
        parts.append(text)
    return "".join(parts)


def join_numbers(tokens):
    """Numbers joined as SVG reads them: no space before a minus sign, nor before '.5' after a
    number that already has a decimal point."""
    out, last = "", ""
    for token in tokens:
        if last and not token.startswith("-") and not (token.startswith(".") and "." in last):
            out += " "
        out += token
        last = token
    return out


@dataclass
class Drawn:
    d: str = ""
    marker: tuple | None = None  # (cx, cy) when the country is too small to see


@dataclass
class View:
    box: tuple  # x0, y0, x1, y1 in projected units
    width: int
    height: int
    countries: dict = field(default_factory=dict)  # code -> Drawn


@lru_cache(maxsize=64)
def draw(box, highlighted=frozenset()):
    """Every country in the view, clipped and simplified, in map units. Cached per view."""
    x0, y0, x1, y1 = box
    scale = WIDTH / (x1 - x0)
    height = round((y1 - y0) * scale)
    margin = 2.0
    view = View(box=box, width=WIDTH, height=height)
    for code, shape in shapes().items():
        clipped = []
        for ring, (rx0, ry0, rx1, ry1) in zip(shape.rings, shape.ring_bounds, strict=True):
            if rx1 < x0 or rx0 > x1 or ry1 < y0 or ry0 > y1:
                continue
            points = [((x - x0) * scale, (y1 - y) * scale) for x, y in ring]
            points = clip(points, -margin, -margin, WIDTH + margin, height + margin)
            if len(points) >= 3:
                clipped.append(points)
        if not clipped:
            continue
        rings = [simplify(points, TOLERANCE) for points in clipped]
        kept = [r for r in rings if len(r) >= 3 and abs(ring_area(r)) >= MIN_RING_AREA]
        drawn = Drawn(d=path_data(kept))
        area = sum(abs(ring_area(r)) for r in clipped)
        if code in highlighted and area < MARKER_BELOW_AREA:
            # Too small to see or to hit: a round marker on its largest piece.
            bx0, by0, bx1, by1 = bounds(max(clipped, key=lambda r: abs(ring_area(r))))
            drawn.marker = (round((bx0 + bx1) / 2, 1), round((by0 + by1) / 2, 1))
        if drawn.d or drawn.marker:
            view.countries[code] = drawn
    return view


# --- What a template draws ------------------------------------------------------------------------


@dataclass
class MapCountry:
    code: str
    name: str
    d: str
    marker: tuple | None
    offices: list  # the offices in it (office countries) or covering it (covered countries)
    url: str | None = None  # the office page, for office countries


@dataclass
class OfficeMap:
    view_box: str
    width: int
    height: int
    land: str  # one path for every country neither an office's nor covered
    covered: list  # MapCountry, drawn over the land
    offices: list  # MapCountry with url, drawn on top
    marker_radius: float = MARKER_RADIUS


def office_map(offices, aspect=1.6, urls=None, min_width=0.55):
    """The map of the given offices: their countries and the countries they also cover.

    `urls` maps office pk to the office page's URL (a country links there when given).
    Returns None when none of the countries has a shape to draw.
    """
    urls = urls or {}
    office_countries, covered = {}, {}
    for office in offices:
        office_countries.setdefault(office.country.code, []).append(office)
    for office in offices:
        for country in office.covers:
            if country.code not in office_countries:
                covered.setdefault(country.code, []).append(office)
    codes = [*office_countries, *covered]
    box = frame(codes, aspect, min_width=min_width)
    if box is None:
        return None
    view = draw(tuple(round(v, 4) for v in box), frozenset(codes))
    names = {o.country.code: o.country.name for o in offices}
    names.update({c.code: c.name for o in offices for c in o.covers})

    def item(code, in_or_by, url=None):
        drawn = view.countries.get(code)
        if drawn is None:
            return None
        return MapCountry(code, names[code], drawn.d, drawn.marker, in_or_by, url)

    office_items = []
    for code, in_country in office_countries.items():
        for office in in_country:
            drawn = item(code, [office], urls.get(office.pk))
            if drawn:
                office_items.append(drawn)
    covered_items = [d for code, by in covered.items() if (d := item(code, by))]
    land = "".join(
        drawn.d for code, drawn in view.countries.items() if code not in codes and drawn.d
    )
    return OfficeMap(
        view_box=f"0 0 {view.width} {view.height}",
        width=view.width,
        height=view.height,
        land=land,
        covered=covered_items,
        offices=office_items,
    )


def shape_codes():
    """The countries the map can draw."""
    return set(shapes())
