"""`frontline serve`: start PostgreSQL, load the published release, swap in each new one.

One `frontline serve` per home (``<home>/postgres/serve.lock``); it does not take the run lock,
so `frontline run` publishes while it serves. SIGTERM or SIGINT stops it: a load in progress is
abandoned between tables (the served release stays as it was), the server shuts down (fast
mode: open sessions end) and the command exits 0.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import click

from orchestration.paths import FrontlinePaths
from orchestration.serve.settings import (
    DATABASE,
    DEFAULT_HOST,
    DEFAULT_PORT,
    ENVIRONMENT,
    LOADER_ROLE,
    READER_ROLE,
    STATEMENT_TIMEOUT_ENV,
    ServeLayout,
    statement_timeout,
)

EXIT_BUSY = 75  # as `frontline run`: another process holds this home's server
LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOG_FORMAT = "%(asctime)s %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def _epilog() -> str:
    env = "\n".join(f"  {name}: {text}" for name, text in ENVIRONMENT.items())
    return (
        f"\b\nEnvironment variables:\n{env}\n\n\b\nExit codes:\n"
        "  0: stopped by SIGTERM or SIGINT (with --once: the latest release is loaded)\n"
        "  1: the server could not start, or (with --once) nothing is published or the load "
        "failed\n"
        f"  {EXIT_BUSY}: another frontline serve uses this home"
    )


@click.command("serve", epilog=_epilog())
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="address PostgreSQL listens on for BI tools (0.0.0.0: every IPv4 interface)",
)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="its TCP port")
@click.option(
    "--once",
    is_flag=True,
    help="load the latest release, print the connection details and stop the server",
)
def serve_command(host: str, port: int, once: bool) -> int:
    """The published release in PostgreSQL for BI tools (read-only user bi_reader); each new
    release is swapped in as it is published."""
    return serve(FrontlinePaths.from_env(), host=host, port=port, once=once)


def serve(paths: FrontlinePaths, host: str, port: int, once: bool = False) -> int:
    """The command's work; returns its exit status."""
    layout = ServeLayout.for_home(paths)
    with _serve_lock(layout) as held:
        if not held:
            click.echo(
                f"frontline serve: another frontline serve uses {paths.home}; stop it first",
                err=True,
            )
            return EXIT_BUSY
        with _logging(paths), _stop_on_signals() as stop:
            return _serve(paths, layout, host, port, once, stop)


def _serve(
    paths: FrontlinePaths,
    layout: ServeLayout,
    host: str,
    port: int,
    once: bool,
    stop: threading.Event,
) -> int:
    from orchestration.serve.access import apply_access, reader_password
    from orchestration.serve.server import ServeError, start_server
    from orchestration.serve.watch import watch_releases

    log = logging.getLogger("orchestration.serve")
    started = time.monotonic()
    try:
        server = start_server(layout, host, port)
    except ServeError as error:
        log.error("frontline serve: %s", error)
        return 1
    try:
        password, source = reader_password(layout)
        try:
            apply_access(server, password, statement_timeout())
        except ValueError as error:
            log.error("frontline serve: %s: %s", STATEMENT_TIMEOUT_ENV, error)
            return 1
        with server.connect(LOADER_ROLE, autocommit=True) as conn:
            version = conn.execute("show server_version").fetchone()[0]
            log.info(
                "PostgreSQL %s listening on %s:%d, started in %.1f s (data %s, log %s)",
                version,
                host,
                port,
                time.monotonic() - started,
                layout.data_dir,
                layout.log_file,
            )
            for line in connection_lines(server.client_host, port, password, source):
                click.echo(line)
            if host not in LOOPBACK:
                log.warning(
                    "listening beyond this machine without SSL: passwords travel as SCRAM "
                    "proofs, the data itself unencrypted; keep %s:%d on a trusted network",
                    host,
                    port,
                )
            if not once:
                log.info(
                    "watching %s for new releases; SIGTERM or Ctrl-C stops the server",
                    paths.releases_dir / "latest",
                )
            try:
                return watch_releases(conn, paths.releases_dir, stop, once=once)
            except Exception as error:
                import psycopg

                if not isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
                    raise
                log.error(
                    "frontline serve: the server went away (%s); see %s", error, layout.log_file
                )
                return 1
    finally:
        server.stop()
        log.info("PostgreSQL stopped")


def connection_lines(host: str, port: int, password: str, source: str) -> list[str]:
    """How a person and each kind of client connects as the read-only user."""
    if source.startswith("$"):
        shown, secret = f"the value of {source}", "<password>"
    else:
        shown, secret = f"{password} (kept in {source})", password
    url_secret = quote(secret, safe="<>")
    where = f"{host}:{port}/{DATABASE}"
    return [
        "connect read-only (SSL off: the server is local):",
        f"  host {host}  port {port}  database {DATABASE}  user {READER_ROLE}",
        f"  password {shown}",
        f"  psql:       PGPASSWORD='{secret}' psql \"postgresql://{READER_ROLE}@{where}"
        '?sslmode=disable"',
        f"  SQLAlchemy: postgresql+psycopg://{READER_ROLE}:{url_secret}@{where}",
        f"  JDBC:       jdbc:postgresql://{where}?user={READER_ROLE}&password={url_secret}"
        "&sslmode=disable",
    ]


@contextmanager
def _serve_lock(layout: ServeLayout) -> Iterator[bool]:
    """Hold ``serve.lock`` (the kernel frees it when the holder dies, however it dies)."""
    layout.lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(layout.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield True
    finally:
        os.close(fd)


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """SIGTERM and SIGINT set the event the watcher and the loader look at."""
    stop = threading.Event()
    previous = {
        signum: signal.signal(signum, lambda *_: stop.set())
        for signum in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def _logging(paths: FrontlinePaths) -> Iterator[None]:
    """The watcher's lines on the console and in ``<home>/logs/serve.log``."""
    logs = paths.home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    formatter = logging.Formatter(LOG_FORMAT, DATE_FORMAT)
    handlers = [logging.StreamHandler(sys.stdout), logging.FileHandler(logs / "serve.log")]
    logger = logging.getLogger("orchestration.serve")
    for handler in handlers:
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
            handler.close()
        logger.setLevel(level)
        logger.propagate = propagate


if __name__ == "__main__":  # before the command is registered with `frontline`
    sys.exit(serve_command.main(standalone_mode=False))
