"""How wide a line of text is in the generic ``sans-serif`` font, and words wrapped to a width.

The charts name no font (a release must not depend on one), so a browser draws their text in its
own ``sans-serif``: DejaVu Sans on most Linux desktops, Arial or Helvetica elsewhere (Liberation
Sans has Arial's metrics). The width of each character below is the larger of DejaVu Sans and
Liberation Sans, regular and bold, in thousandths of an em, measured in Chromium with a canvas
(``measureText`` at 1000px); DejaVu is the wider of the two for almost every glyph, and Arial and
Helvetica are narrower still. Characters not in the table count as a full em. Every width is then
taken ``SAFETY`` larger, so a line the model says fits does fit in any of these fonts.
"""

from __future__ import annotations

import functools

SAFETY = 1.04
_FULL_EM = 1000

# printable ASCII from ' ' (32) to '~' (126)
_ASCII_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556,
    1015, 684, 686, 722, 770, 667, 611, 778, 752, 295, 500, 667, 557, 863, 748, 787,
    667, 787, 722, 667, 611, 732, 684, 989, 685, 667, 685, 390, 337, 390, 838, 556,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_ASCII_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
    696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611,
    1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 556, 775, 637, 995, 837, 850,
    733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 556,
    500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip
# the non-ASCII characters the charts write: (regular, bold)
_OTHER = {
    "£": (636, 696),
    "–": (556, 556),
    "—": (1000, 1000),
    "‘": (318, 380),
    "’": (318, 380),
    "“": (518, 657),
    "”": (518, 657),
    "…": (1000, 1000),
    "τ": (602, 638),
    "²": (401, 438),
    "±": (838, 838),
    "√": (637, 667),
    "θ": (612, 687),
    "×": (838, 838),
    "é": (615, 678),
    "è": (615, 678),
    "á": (613, 675),
    "ö": (612, 687),
    "ü": (634, 712),
    "·": (318, 380),
    "▲": (990, 990),
    "▼": (990, 990),
    "−": (838, 838),
}


def char_width(char: str, bold: bool = False) -> int:
    """A character's width in thousandths of an em (a full em when unknown)."""
    code = ord(char)
    if 32 <= code <= 126:
        return (_ASCII_BOLD if bold else _ASCII_REGULAR)[code - 32]
    widths = _OTHER.get(char)
    if widths is None:
        return _FULL_EM
    return widths[1] if bold else widths[0]


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in pixels of ``text`` at font size ``size``, on the safe side."""
    return _pixels(_units(text, bold), size)


def _units(text: str, bold: bool) -> int:
    """The width of ``text`` in thousandths of an em (an exact integer sum)."""
    return sum(char_width(c, bold) for c in text)


def _pixels(units: int, size: float) -> float:
    return units * size / 1000 * SAFETY


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels, broken between words; a word wider than
    the line on its own is broken between characters. Never loses a character."""
    return list(_wrapped(text, width, size, bold))


@functools.lru_cache(maxsize=8192)
def _wrapped(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    # the line's width is kept as it grows (integer em units, so the sum is exact): measuring
    # the whole line again at every word made a chart's notes cost quadratic time
    space = char_width(" ", bold)
    lines: list[str] = []
    line_units = 0
    for word in text.split():
        word_units = _units(word, bold)
        if lines and _pixels(line_units + space + word_units, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
            line_units += space + word_units
            continue
        while _pixels(word_units, size) > width and len(word) > 1:
            cut = _fitting(word, width, size, bold)
            lines.append(word[:cut])
            word = word[cut:]
            word_units = _units(word, bold)
        lines.append(word)
        line_units = word_units
    return tuple(lines)


def shorten(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` pixels (whole when it fits)."""
    if text_width(text, size, bold) <= width:
        return text
    cut = _fitting(text, width - text_width("\u2026", size, bold), size, bold)
    return text[:cut].rstrip() + "\u2026"


def _fitting(text: str, width: float, size: float, bold: bool) -> int:
    """How many leading characters of ``text`` fit ``width`` (at least one)."""
    used = 0.0
    for i, char in enumerate(text):
        used += char_width(char, bold) * size / 1000 * SAFETY
        if used > width:
            return max(i, 1)
    return len(text)
