"""Keeping the server on the published release: poll ``releases/latest``, load what is new.

A publish switches ``latest`` only once its release folder is complete and sealed
(``publish/latest.py``), so a folder ``latest`` names can be loaded at once. A release that fails
to load is reported once and not retried until ``latest`` names another; the server keeps
serving what it served.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.serve.loader import (
    LoadCancelled,
    drop_retired,
    latest_release,
    load_release,
    served_release_id,
)
from orchestration.serve.settings import POLL_SECONDS

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("orchestration.serve")


def watch_releases(
    conn: psycopg.Connection,
    releases_dir: Path,
    stop: threading.Event,
    once: bool = False,
    poll_seconds: float = POLL_SECONDS,
) -> int:
    """Serve the latest release until ``stop`` is set; with ``once``, load it and return.

    Returns the exit status: 0, or 1 when ``once`` finds nothing published or the load fails.
    A lost connection to the server is raised (the server itself has gone)."""
    served = served_release_id(conn)
    if served:
        log.info("serving release %s (loaded earlier)", served)
    failed: str | None = None
    said_none = False
    while not stop.is_set():
        release = latest_release(releases_dir)
        if release is None:
            if once or not said_none:
                log.info(
                    "no release published yet in %s: `frontline run` publishes one%s",
                    releases_dir,
                    "" if once else "; waiting for it",
                )
            said_none = True
            if once:
                return 1
        elif release.release_id not in (served, failed):
            try:
                report = load_release(conn, release, stop.is_set, log.info)
            except LoadCancelled:
                break
            except Exception as error:
                if conn.closed or conn.broken:
                    raise
                failed = release.release_id
                log.error(
                    "release %s not loaded: %s; %s",
                    release.release_id,
                    first_line(error),
                    f"still serving {served}" if served else "nothing served yet",
                )
                if once:
                    return 1
            else:
                served = release.release_id
                waited = (
                    f", after waiting {report.waited_seconds:.1f} s for readers"
                    if report.waited_seconds >= 0.1
                    else ""
                )
                log.info(
                    "swapped in release %s: %d tables, %s rows, loaded in %.1f s%s",
                    report.release_id,
                    report.tables,
                    f"{report.rows:,}",
                    report.seconds,
                    waited,
                )
        if once:
            return 0
        drop_retired(conn)
        stop.wait(poll_seconds)
    return 0


def first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
