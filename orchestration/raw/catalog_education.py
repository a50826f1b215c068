"""Education sources (Department for Education): one Source per published file set."""

from __future__ import annotations

from orchestration.raw.source import Source

EDUCATION_SOURCES: list[Source] = []
