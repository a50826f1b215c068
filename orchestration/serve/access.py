"""Roles and privileges: a loader that owns the data, a reader that can only read it.

- ``frontline_loader`` owns the ``frontline`` database and every schema in it; it logs in only
  through the server's private socket (it has no password, and pg_hba.conf rejects it over TCP).
- ``bi_reader`` logs in over TCP with a SCRAM password. Its privileges are what make it read-only:
  ``CONNECT`` on the ``frontline`` database, ``USAGE`` on the published schema and ``SELECT`` on
  its tables (granted at each swap, and by default on every table the loader creates), and
  nothing else: no ``CREATE`` or ``TEMPORARY`` on the database, no access to ``public`` or to the
  schemas a release is loaded into before its swap. On top of that its sessions start with
  ``default_transaction_read_only = on``, a ``statement_timeout`` and ``search_path = marts``.
  (A session may change those settings for itself; its privileges it cannot change.)

Applied on every start, so a changed password or timeout takes effect; every statement is
idempotent.
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

from orchestration.serve.settings import (
    DATABASE,
    LOADER_ROLE,
    PUBLISHED_SCHEMA,
    READER_IDLE_IN_TRANSACTION_TIMEOUT,
    READER_PASSWORD_ENV,
    READER_ROLE,
    ServeLayout,
)

if TYPE_CHECKING:
    from orchestration.serve.server import RunningServer

SUPERUSER = "postgres"  # made by initdb; reachable only through the private socket


def reader_password(layout: ServeLayout) -> tuple[str, str]:
    """The reader's password and where it comes from: $FRONTLINE_PG_READER_PASSWORD, else one
    generated on first use and kept in a file only its owner can read."""
    given = os.environ.get(READER_PASSWORD_ENV, "")
    if given:
        return given, f"${READER_PASSWORD_ENV}"
    path = layout.password_file
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(18) + "\n")
    return path.read_text().strip(), str(path)


def apply_access(server: RunningServer, password: str, statement_timeout: str) -> None:
    """Create or update the roles, the database and their privileges."""
    from psycopg import errors, sql

    with server.connect(SUPERUSER, dbname="postgres", autocommit=True) as admin:
        existing = {row[0] for row in admin.execute("select rolname from pg_roles")}
        for role in (LOADER_ROLE, READER_ROLE):
            if role not in existing:
                admin.execute(sql.SQL("create role {} login").format(sql.Identifier(role)))
        loader, reader = sql.Identifier(LOADER_ROLE), sql.Identifier(READER_ROLE)
        restricted = "nosuperuser nocreatedb nocreaterole noreplication nobypassrls"
        admin.execute(sql.SQL(f"alter role {{}} login {restricted}").format(loader))
        admin.execute(sql.SQL(f"alter role {{}} login noinherit {restricted}").format(reader))
        # before a swap the loader waits for readers' older snapshots (pg_stat_activity) and
        # ends a session that keeps one too long (loader.wait_for_older_snapshots)
        admin.execute(sql.SQL("grant pg_read_all_stats, pg_signal_backend to {}").format(loader))
        # the password travels as a SCRAM verifier computed here, never in clear
        verifier = admin.pgconn.encrypt_password(
            password.encode(), READER_ROLE.encode(), b"scram-sha-256"
        ).decode()
        admin.execute(sql.SQL("alter role {} password {}").format(reader, sql.Literal(verifier)))
        settings = {
            "default_transaction_read_only": "on",
            "statement_timeout": statement_timeout,
            "idle_in_transaction_session_timeout": READER_IDLE_IN_TRANSACTION_TIMEOUT,
            "search_path": PUBLISHED_SCHEMA,
        }
        for name, value in settings.items():
            try:
                admin.execute(
                    sql.SQL("alter role {} set {} = {}").format(
                        reader, sql.Identifier(name), sql.Literal(value)
                    )
                )
            except errors.InvalidParameterValue as error:
                raise ValueError(f"{name} = {value!r}: {error.diag.message_primary}") from None
        databases = {row[0] for row in admin.execute("select datname from pg_database")}
        if DATABASE not in databases:
            # PostgreSQL's own code-point collation, whatever the machine's locale: text sorts as
            # DuckDB sorts it (UTF-8 byte order), the same on every machine
            admin.execute(
                sql.SQL(
                    "create database {} owner {} template template0 encoding 'UTF8' "
                    "locale_provider builtin builtin_locale 'C.UTF-8' locale 'C'"
                ).format(sql.Identifier(DATABASE), loader)
            )
        for database in (DATABASE, "postgres"):
            admin.execute(
                sql.SQL("revoke all on database {} from public").format(sql.Identifier(database))
            )
        admin.execute(
            sql.SQL("grant connect on database {} to {}").format(sql.Identifier(DATABASE), reader)
        )
    with server.connect(SUPERUSER, dbname=DATABASE, autocommit=True) as admin:
        admin.execute("revoke all on schema public from public")
        admin.execute(
            sql.SQL("alter default privileges for role {} grant select on tables to {}").format(
                loader, reader
            )
        )
