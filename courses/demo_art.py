"""
Pictures for the demo catalog, drawn with Pillow: a cover for each course
(a pattern and colours seeded from its title, with the title set in type),
an icon for each subject and the figures of lessons. Each function returns
JPEG bytes, the same for the same arguments.
"""

import math
import random
from functools import cache
from io import BytesIO

from PIL import Image, ImageColor, ImageDraw, ImageFont

COVER_SIZE = (1200, 675)
ICON_SIZE = (256, 256)
Colour = tuple[int, int, int]


@cache
def font(size: int, face: str = "DejaVuSans") -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(f"{face}.ttf", size)
    except OSError:  # no DejaVu fonts installed: Pillow's own, ASCII only
        return ImageFont.load_default(size)


def course_cover(*, title: str, subject: str, colour: str, pattern: int) -> bytes:
    """A course's cover. Consecutive `pattern` numbers draw different
    patterns, so that courses listed together look different."""
    rng = random.Random(title)  # noqa: S311 (art, not secrets)
    base = ImageColor.getrgb(colour)
    start = _mix(base, (0, 0, 0), rng.uniform(0.15, 0.45))
    end = _mix(base, _hue_neighbour(base, rng), rng.uniform(0.4, 0.8))
    canvas = _gradient(COVER_SIZE, start, end, vertical=rng.random() < 0.5)
    overlay = Image.new("RGBA", COVER_SIZE)
    draw = ImageDraw.Draw(overlay)
    PATTERNS[pattern % len(PATTERNS)](draw, rng)

    # The title, bottom left, on a darker band.
    width, height = COVER_SIZE
    title_font = font(76, "DejaVuSans-Bold")
    lines = _wrap(draw, title, title_font, width - 144)
    y = height - 64 - 92 * len(lines)
    draw.rectangle((0, y - 36, width, height), fill=(0, 0, 0, 80))
    draw.text((72, 64), subject.upper(), font=font(30, "DejaVuSans-Bold"), fill="white")
    for line in lines:
        draw.text((72, y), line, font=title_font, fill="white")
        y += 92
    return _jpeg(Image.alpha_composite(canvas.convert("RGBA"), overlay))


def subject_icon(*, name: str, colour: str) -> bytes:
    base = ImageColor.getrgb(colour)
    canvas = _gradient(ICON_SIZE, _mix(base, (255, 255, 255), 0.2), base)
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((28, 28, 228, 228), outline="white", width=8)
    draw.text(
        (128, 132),
        name[0],
        font=font(120, "DejaVuSans-Bold"),
        fill="white",
        anchor="mm",
    )
    return _jpeg(canvas)


def lesson_figure(*, lines: tuple[str, ...], colour: str) -> bytes:
    """A slide: the lines, centred in a fixed-width face so that columns
    line up, on paper edged with the subject's colour."""
    canvas = Image.new("RGB", COVER_SIZE, (250, 248, 243))
    draw = ImageDraw.Draw(canvas)
    width, height = COVER_SIZE
    draw.rectangle((0, 0, width, 24), fill=colour)
    size = 72 if max(len(line) for line in lines) <= 24 else 48
    step = size * 1.6
    y = height / 2 - step * (len(lines) - 1) / 2
    for line in lines:
        draw.text(
            (width / 2, y),
            line,
            font=font(size, "DejaVuSansMono"),
            fill=(28, 25, 23),
            anchor="mm",
        )
        y += step
    return _jpeg(canvas)


def _jpeg(canvas: Image.Image) -> bytes:
    buffer = BytesIO()
    canvas.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _mix(a: Colour, b: Colour, share: float) -> Colour:
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))


def _hue_neighbour(colour: Colour, rng: random.Random) -> Colour:
    """A colour near `colour` around the wheel, so that covers of one subject differ."""
    red, green, blue = colour
    turns = rng.choice(((green, blue, red), (blue, red, green)))
    return _mix(colour, turns, rng.uniform(0.3, 0.7))


def _gradient(
    size: tuple[int, int], start: Colour, end: Colour, *, vertical: bool = False
) -> Image.Image:
    """From `start` on the left (or top) to `end` on the right (or bottom)."""
    ramp = Image.linear_gradient("L")  # black at the top, white at the bottom
    ramp = (ramp if vertical else ramp.rotate(90)).resize(size)
    return Image.composite(
        Image.new("RGB", size, end), Image.new("RGB", size, start), ramp
    )


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font_: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """`text` in lines no wider than `width`."""
    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}".strip()
        if lines[-1] and draw.textlength(candidate, font=font_) > width:
            lines.append(word)
        else:
            lines[-1] = candidate
    return lines


def _white(rng: random.Random, low: int = 25, high: int = 70) -> tuple[int, ...]:
    """White, seen through: `low` to `high` out of 255."""
    return (255, 255, 255, rng.randint(low, high))


def _rings(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y = rng.randint(700, 1150), rng.randint(-100, 300)
    for radius in range(60, 900, rng.randint(45, 80)):
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            outline=_white(rng),
            width=rng.randint(3, 10),
        )


def _dots(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    for _ in range(rng.randint(14, 26)):
        x, y, radius = (
            rng.randint(0, 1200),
            rng.randint(0, 500),
            rng.randint(20, 160),
        )
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=_white(rng, 15, 45),
        )


def _stripes(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    gap = rng.randint(50, 110)
    for x in range(-700, 1300, gap):
        draw.line(
            (x, 675, x + 700, 0),
            fill=_white(rng, 20, 55),
            width=rng.randint(8, gap // 2),
        )


def _triangles(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    side = rng.choice((100, 120, 150))
    for row, y in enumerate(range(0, 675, side)):
        for x in range(-side, 1200 + side, side):
            if rng.random() < 0.45:
                x0 = x + (side // 2 if row % 2 else 0)
                draw.polygon(
                    ((x0, y + side), (x0 + side // 2, y), (x0 + side, y + side)),
                    fill=_white(rng, 10, 50),
                )


def _waves(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    amplitude, length = rng.randint(20, 60), rng.randint(180, 400)
    for y0 in range(-40, 700, rng.randint(35, 60)):
        points = []
        for x in range(0, 1201, 20):
            phase = (x + y0 * 3) / length * 2 * math.pi
            points.append((x, y0 + amplitude * math.sin(phase)))
        draw.line(points, fill=_white(rng), width=rng.randint(3, 7))


PATTERNS = (_waves, _triangles, _rings, _dots, _stripes)
