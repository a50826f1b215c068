"""Health sources (NHS England, NHS ODS and ONS health geography): one Source per published file set."""

from __future__ import annotations

from orchestration.raw.source import Source

HEALTH_SOURCES: list[Source] = []
