"""The attribution statement a release carries, built from the licences of its sources."""

from __future__ import annotations

from collections.abc import Iterable

from orchestration.publish.model import SourceFile

OGL_STATEMENT = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)
MYSOCIETY_STATEMENT = (
    "Contains data from mySociety (https://www.mysociety.org/) licensed under the Creative "
    "Commons Attribution 4.0 International licence (CC BY 4.0)."
)


def _is_mysociety(source: SourceFile) -> bool:
    return "mysociety" in source.publisher.lower() or "mysociety" in source.path.lower()


def _is_cc_by(source: SourceFile) -> bool:
    licence = source.licence.lower().replace("-", " ")
    return "cc by" in licence or "creative commons attribution" in licence


def licence_statement(sources: Iterable[SourceFile]) -> str:
    """The OGL statement always, plus an attribution line for each CC BY publisher present."""
    lines = [OGL_STATEMENT]
    cc_by_publishers: list[str] = []
    for source in sources:
        if not _is_cc_by(source):
            continue
        if _is_mysociety(source):
            if MYSOCIETY_STATEMENT not in lines:
                lines.append(MYSOCIETY_STATEMENT)
        elif source.publisher not in cc_by_publishers:
            cc_by_publishers.append(source.publisher)
    for publisher in cc_by_publishers:
        lines.append(
            f"Contains data from {publisher} licensed under the Creative Commons Attribution "
            "4.0 International licence (CC BY 4.0)."
        )
    return "\n".join(lines)
