"""What publication takes in (check outcomes, source files) and what it gives back (a release)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class PublicationError(Exception):
    """Publication could not go ahead; nothing visible was changed."""


class PublicationBlocked(PublicationError):
    """A blocking check failed, so the previous release stays the published one."""


class ReleaseVerificationError(PublicationError):
    """A release folder does not match its SHA256SUMS: a file changed, missing or unlisted."""


@dataclass(frozen=True)
class CheckOutcome:
    """The result of one audit check: a dbt test, a Great Expectations suite, a disclosure check."""

    name: str
    asset: str
    passed: bool
    blocking: bool = True
    severity: str = "ERROR"
    description: str = ""
    failing_row_count: int = 0
    sample_failing_rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SourceFile:
    """A published file the release was built from, with who published it and under what licence.

    synthetic: the file was generated (raw load log, sidecar <file>.synthetic.json), not published.
    url: the publisher's page for the publication (the source catalog's ``url``).
    published: when the publication was released (ISO 8601 date, or year-month), where known.
    snapshot_url: where these exact bytes can be fetched (data/PROVENANCE.md's repository, path
    and commit), where known.
    """

    path: str
    sha256: str
    publisher: str
    title: str
    licence: str
    synthetic: bool = False
    url: str | None = None
    published: str | None = None
    snapshot_url: str | None = None


@dataclass(frozen=True)
class Release:
    """A release: the published one, or (synthetic) one written to its own folder only.

    published_db: the database analysts open, now holding this release; None for a synthetic
    release, which never replaces it (open ``folder / "frontline.duckdb"`` instead).
    pruned: older release folders removed to keep the newest ones.
    orphans_removed: complete release folders that `latest` never pointed to (left by a publish
    killed before its switch), removed by this publish.
    links_migrated: paths of the earlier layout (a real published database, a real latest.json)
    this publish replaced by links through `latest`.
    """

    release_id: str
    folder: Path
    created_at: str
    content_sha256: str
    published_db: Path | None
    manifest: dict[str, Any]
    synthetic: bool = False
    pruned: tuple[str, ...] = ()
    orphans_removed: tuple[str, ...] = ()
    links_migrated: tuple[str, ...] = ()
