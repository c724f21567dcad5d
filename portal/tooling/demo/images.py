"""Abstract demo pictures drawn with Pillow: soft gradients with translucent shapes, no text."""

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1600, 900)


@dataclass(frozen=True)
class ImageSpec:
    key: str
    title: str
    top: tuple[int, int, int]
    bottom: tuple[int, int, int]
    shapes: tuple[tuple[int, int, int], ...]
    seed: int
    style: str = "circles"  # circles, waves or bands


def _gradient(size, top, bottom):
    """A vertical gradient from `top` to `bottom`, built from a 1-pixel-wide strip (fast)."""
    width, height = size
    strip = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        strip.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return strip.resize(size)


def _circles(draw, rng, colours, size):
    width, height = size
    for index in range(14):
        colour = colours[index % len(colours)]
        radius = rng.randint(height // 10, height // 3)
        x, y = rng.randint(-radius, width), rng.randint(-radius, height)
        draw.ellipse((x, y, x + 2 * radius, y + 2 * radius), fill=(*colour, rng.randint(50, 110)))


def _waves(draw, rng, colours, size):
    width, height = size
    layers = colours * 2
    for index, colour in enumerate(layers):
        base = height * (index + 1) / (len(layers) + 1)
        amplitude, phase = rng.randint(30, 90), rng.random() * math.tau
        frequency = rng.choice((1.0, 1.5, 2.0))
        points = [(0, height)]
        for x in range(0, width + 40, 40):
            points.append(
                (x, base + amplitude * math.sin(x / width * math.tau * frequency + phase))
            )
        points.append((width, height))
        draw.polygon(points, fill=(*colour, 70))


def _bands(draw, rng, colours, size):
    width, height = size
    for index in range(10):
        colour = colours[index % len(colours)]
        x = rng.randint(-width // 4, width)
        band = rng.randint(width // 12, width // 5)
        skew = rng.randint(-height // 2, height // 2)
        draw.polygon(
            [(x, 0), (x + band, 0), (x + band + skew, height), (x + skew, height)],
            fill=(*colour, rng.randint(40, 90)),
        )


STYLES = {"circles": _circles, "waves": _waves, "bands": _bands}


def render(spec: ImageSpec, size=SIZE) -> bytes:
    """The picture as PNG bytes. The same spec always gives the same picture."""
    rng = random.Random(spec.seed)  # noqa: S311 - shapes, not secrets
    base = _gradient(size, spec.top, spec.bottom).convert("RGBA")
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    STYLES[spec.style](ImageDraw.Draw(layer), rng, spec.shapes, size)
    layer = layer.filter(ImageFilter.GaussianBlur(6))
    picture = Image.alpha_composite(base, layer).convert("RGB")
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
