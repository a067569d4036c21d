"""
Make the demo's lesson video, lesson.webm, and its poster, lesson.jpg: ten
seconds of a course introduction, drawn frame by frame with Pillow and
encoded with ffmpeg (VP9). seed_demo uploads the files kept next to this
script; run it again only to change them:

    python media_library/samples/make_lesson_video.py
"""

import math
import shutil
import subprocess
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent
SIZE = WIDTH, HEIGHT = 640, 360
FPS = 24
SECONDS = 10
NAVY, BLUE, PAPER = (23, 37, 84), (37, 99, 235), (250, 248, 243)
STEPS = [
    ("Read", "Short lessons, at your own pace"),
    ("Check", "A quiz at the end of each lesson"),
    ("Ask", "Questions in the course chat"),
]


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(
            "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size
        )
    except OSError:
        return ImageFont.load_default(size)


def ease(t: float) -> float:
    """0 to 1, slow at both ends."""
    t = min(max(t, 0.0), 1.0)
    return 0.5 - math.cos(math.pi * t) / 2


def background(t: float) -> Image.Image:
    """A navy field with slow-drifting rings."""
    frame = Image.new("RGB", SIZE, NAVY)
    draw = ImageDraw.Draw(frame)
    for ring in range(7):
        radius = 60 + ring * 55 + 12 * math.sin(t * 0.8 + ring)
        x, y = 520 + 20 * math.sin(t * 0.3), 70 + 10 * math.cos(t * 0.4)
        shade = tuple(
            round(c + (b - c) * 0.18) for c, b in zip(NAVY, BLUE, strict=True)
        )
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), outline=shade, width=3
        )
    return frame


def title_scene(t: float) -> Image.Image:
    frame = background(t)
    draw = ImageDraw.Draw(frame)
    shown = ease(t / 1.2)
    rise = round(24 * (1 - shown))
    grey = round(255 * shown)
    draw.text(
        (48, 110 + rise), "LECTERN", font=font(18, bold=True), fill=(147, 197, 253)
    )
    draw.text(
        (48, 140 + rise), "Welcome to", font=font(40, bold=True), fill=(grey,) * 3
    )
    draw.text(
        (48, 190 + rise), "the course", font=font(40, bold=True), fill=(grey,) * 3
    )
    draw.rectangle((48, 260, 48 + 220 * ease((t - 0.6) / 1.5), 264), fill=BLUE)
    return frame


def steps_scene(t: float) -> Image.Image:
    frame = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(frame)
    draw.rectangle((0, 0, WIDTH, 10), fill=BLUE)
    draw.text((48, 36), "How this course works", font=font(28, bold=True), fill=NAVY)
    for number, (verb, detail) in enumerate(STEPS):
        shown = ease((t - 0.4 - number * 1.4) / 0.7)
        if not shown:
            continue
        x, y = 48 + round(40 * (1 - shown)), 110 + number * 72
        active = (
            0.4 + number * 1.4 <= t < 1.8 + number * 1.4 or number == len(STEPS) - 1
        )
        circle = BLUE if active else (148, 163, 184)
        draw.ellipse((x, y, x + 48, y + 48), fill=circle)
        draw.text(
            (x + 24, y + 25),
            str(number + 1),
            font=font(24, bold=True),
            fill="white",
            anchor="mm",
        )
        draw.text((x + 68, y + 2), verb, font=font(22, bold=True), fill=NAVY)
        draw.text((x + 68, y + 28), detail, font=font(17), fill=(68, 64, 60))
    return frame


def closing_scene(t: float) -> Image.Image:
    frame = background(t + 8)
    draw = ImageDraw.Draw(frame)
    draw.text(
        (WIDTH / 2, HEIGHT / 2 - 10),
        "Let's begin",
        font=font(44, bold=True),
        fill="white",
        anchor="mm",
    )
    draw.text(
        (WIDTH / 2, HEIGHT / 2 + 36),
        "The first lesson starts below",
        font=font(18),
        fill=(191, 219, 254),
        anchor="mm",
    )
    fade = ease((t - 1.2) / 0.8)
    return Image.blend(frame, Image.new("RGB", SIZE, NAVY), fade * 0.9)


def frame_at(seconds: float) -> Image.Image:
    if seconds < 3:
        return title_scene(seconds)
    if seconds < 8:
        return steps_scene(seconds - 3)
    return closing_scene(seconds - 8)


def main() -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise SystemExit("This needs ffmpeg (on Debian: apt install ffmpeg).")
    frame_at(1.8).save(HERE / "lesson.jpg", "JPEG", quality=85, optimize=True)
    encoder = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            ffmpeg, "-y", "-loglevel", "error",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{WIDTH}x{HEIGHT}",
            "-r", str(FPS), "-i", "-",
            "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "40", "-row-mt", "1",
            "-pix_fmt", "yuv420p", "-an",
            str(HERE / "lesson.webm"),
        ],
        stdin=subprocess.PIPE,
    )  # fmt: skip
    for number in range(FPS * SECONDS):
        encoder.stdin.write(frame_at(number / FPS).tobytes())
    encoder.stdin.close()
    if encoder.wait():
        raise SystemExit("ffmpeg failed")


if __name__ == "__main__":
    main()
