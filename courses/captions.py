"""
Caption tracks: WebVTT files, one a language, played with lesson videos and
the media library's videos and recordings.

A file is checked as it arrives, strictly, so that a player never silently
drops what a teacher wrote: browsers skip a cue whose timing they cannot
read, and show nothing at all for a file without the WEBVTT signature.
"""

import re
from dataclasses import dataclass

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat

MAX_CAPTION_SIZE = 1024 * 1024  # a feature film's subtitles are about 150 kB

CAPTION_LANGUAGES = sorted(global_settings.LANGUAGES, key=lambda choice: choice[1])
_LANGUAGE_NAMES = dict(global_settings.LANGUAGES)

_SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")
# Blocks that are not cues: comments, style sheets and regions.
_NOT_A_CUE = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str


def language_name(code: str) -> str:
    return str(_LANGUAGE_NAMES.get(code, code))


def caption_cues(content: bytes) -> list[Cue]:
    """
    The cues of a WebVTT file; a ValidationError that says what is wrong,
    and on which line, if it is not one.
    """
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            "This caption file is not UTF-8 text: save it as UTF-8 WebVTT (.vtt)."
        ) from None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = lines.split("\n")
    if not _SIGNATURE.match(lines[0]):
        raise ValidationError(
            "This is not a WebVTT caption file: its first line must be “WEBVTT”. "
            "(SubRip .srt files can be converted to WebVTT.)"
        )
    header, *blocks = _blocks(lines)
    for number, line in enumerate(header[1], start=header[0]):
        if "-->" in line:
            raise ValidationError(
                f"Line {number}: leave a blank line between “WEBVTT” and the first cue."
            )
    cues = []
    for number, block in blocks:
        if _NOT_A_CUE.match(block[0]):
            continue
        # A cue: an optional identifier, its timing, then its text.
        timing_at = 0 if "-->" in block[0] else 1
        timing = _TIMING.match(block[timing_at]) if len(block) > timing_at else None
        line = number + timing_at
        if timing is None:
            raise ValidationError(
                f"Line {line}: expected a cue timing such as "
                "“00:00:01.000 --> 00:00:04.000”."
            )
        start, end = _seconds(timing.groups()[:4]), _seconds(timing.groups()[4:])
        if end <= start:
            raise ValidationError(f"Line {line}: the cue ends before it starts.")
        if cues and start < cues[-1].start:
            raise ValidationError(
                f"Line {line}: the cue starts before the one above it; "
                "cues must be in order of time."
            )
        cues.append(Cue(start, end, "\n".join(block[timing_at + 1 :])))
    if not cues:
        raise ValidationError("This caption file has no cues.")
    return cues


def validate_caption_file(file: File) -> list[Cue]:
    """An uploaded caption file's cues, after checking its size and content."""
    if file.size > MAX_CAPTION_SIZE:
        raise ValidationError(
            f"A caption file may be at most {filesizeformat(MAX_CAPTION_SIZE)}."
        )
    file.seek(0)
    content = file.read()
    file.seek(0)
    return caption_cues(content)


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """
    The file's blocks of lines, separated by blank lines, each with the
    number of its first line; the header (the signature's block) first.
    """
    blocks: list[tuple[int, list[str]]] = []
    block: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                blocks.append((number, block))
            block.append(line)
        else:
            block = []
    return blocks


def _seconds(parts: tuple) -> float:
    hours, minutes, seconds, millis = parts
    return (
        int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000
    )
