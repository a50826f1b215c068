"""Names, defaults and where `frontline serve` keeps its files under a home.

Everything lives beside the rest of a home (``FRONTLINE_HOME``): the server's data folder and the
reader's generated password under ``<home>/postgres/``, the server's log and the watcher's log
under ``<home>/logs/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from orchestration.paths import FrontlinePaths

DATABASE = "frontline"
LOADER_ROLE = "frontline_loader"  # owns the database and its schemas, loads releases
READER_ROLE = "bi_reader"  # what BI tools log in as: reads the published schema, nothing else
PUBLISHED_SCHEMA = "marts"
RELEASE_TABLE = "release"  # marts.release: the release the server serves, one row

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5433  # beside a system PostgreSQL's 5432
DEFAULT_STATEMENT_TIMEOUT = "60s"
# A session left idle inside a transaction is closed after this: an open transaction can hold
# back a swap (see loader.wait_for_older_snapshots) and the dropping of the schema it replaced.
READER_IDLE_IN_TRANSACTION_TIMEOUT = "10min"
POLL_SECONDS = 2.0

READER_PASSWORD_ENV = "FRONTLINE_PG_READER_PASSWORD"
STATEMENT_TIMEOUT_ENV = "FRONTLINE_PG_STATEMENT_TIMEOUT"
ENVIRONMENT = {
    READER_PASSWORD_ENV: "frontline serve: the bi_reader password (default: one generated once "
    "and kept, readable by its owner only, in <FRONTLINE_HOME>/postgres/bi_reader.password)",
    STATEMENT_TIMEOUT_ENV: "frontline serve: how long one bi_reader query may run, in "
    f"PostgreSQL's units (default: {DEFAULT_STATEMENT_TIMEOUT})",
}


def statement_timeout() -> str:
    """The reader's statement timeout as PostgreSQL reads it ('60s', '5min', '30000')."""
    return os.environ.get(STATEMENT_TIMEOUT_ENV, "").strip() or DEFAULT_STATEMENT_TIMEOUT


@dataclass(frozen=True)
class ServeLayout:
    """Where one server keeps its files."""

    data_dir: Path  # PGDATA, made by initdb on first use
    socket_dir: Path  # the loader's private socket (a short folder in /tmp when this is too long)
    log_file: Path  # the server's own log
    password_file: Path  # the generated bi_reader password
    lock_file: Path  # held by the one `frontline serve` of this home

    @classmethod
    def for_root(cls, root: Path, logs: Path) -> ServeLayout:
        return cls(
            data_dir=root / "data",
            socket_dir=root / "socket",
            log_file=logs / "postgres.log",
            password_file=root / "bi_reader.password",
            lock_file=root / "serve.lock",
        )

    @classmethod
    def for_home(cls, paths: FrontlinePaths) -> ServeLayout:
        return cls.for_root(paths.home / "postgres", paths.home / "logs")
