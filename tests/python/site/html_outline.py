"""What the tests read of a page: its language, headings, tables, links and visible text, parsed
with the standard library's HTML parser (so a test reads the page as written, not as drawn)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "wbr"}


@dataclass
class Table:
    caption: str = ""
    header_scopes: list[str | None] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Outline:
    lang: str | None = None
    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (attribute, value)
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    objects: list[dict[str, str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    text: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self._heading: list | None = None
        self._caption: list | None = None
        self._cell: list | None = None
        self._row: list[str] | None = None
        self._anchor: list | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.outline.lang = a.get("lang")
        if "id" in a:
            self.outline.ids.append(a["id"])
        for name in ("href", "src", "data"):
            if name in a:
                self.outline.links.append((name, a[name]))
        if tag in ("script", "style"):
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), []]
        elif tag == "table":
            self.outline.tables.append(Table())
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
            if tag == "th":
                self.outline.tables[-1].header_scopes.append(a.get("scope"))
        elif tag == "a":
            self._anchor = [a.get("href", ""), []]
        elif tag == "object":
            self.outline.objects.append(a)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if re.fullmatch(r"h[1-6]", tag) and self._heading:
            self.outline.headings.append(
                (self._heading[0], " ".join("".join(self._heading[1]).split()))
            )
            self._heading = None
        elif tag == "caption" and self._caption is not None:
            self.outline.tables[-1].caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.outline.tables[-1].rows.append(self._row)
            self._row = None
        elif tag == "a" and self._anchor is not None:
            self.outline.anchors.append(
                (self._anchor[0], " ".join("".join(self._anchor[1]).split()))
            )
            self._anchor = None

    def handle_data(self, data):
        if self._skip:
            return
        for sink in (self._heading and self._heading[1], self._caption, self._cell):
            if sink is not None and sink is not False:
                sink.append(data)
        if self._anchor is not None:
            self._anchor[1].append(data)
        self._text.append(data)


def outline(html: str) -> Outline:
    parser = _Parser()
    parser.feed(html)
    parser.outline.text = " ".join("".join(parser._text).split())
    return parser.outline


def row_with(table: Table, first_cell: str) -> list[str]:
    """The row of a table whose first cell starts with the text given."""
    found = [r for r in table.rows if r and r[0].startswith(first_cell)]
    assert found, f"no row starting {first_cell!r} in table {table.caption!r}"
    return found[0]


def table_captioned(page: Outline, caption: str) -> Table:
    found = [t for t in page.tables if caption in t.caption]
    assert found, f"no table captioned {caption!r}: {[t.caption for t in page.tables]}"
    return found[0]
