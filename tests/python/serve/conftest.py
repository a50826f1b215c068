"""One PostgreSQL server for the `frontline serve` unit tests (starting one costs about a second),
with a short statement timeout so the timeout test need not wait long."""

from __future__ import annotations

import pytest

from orchestration.serve.settings import LOADER_ROLE
from tests.python.serve.support import server_root, start_test_server

STATEMENT_TIMEOUT = "2s"


@pytest.fixture(scope="session")
def server():
    with server_root() as root:
        running = start_test_server(root, STATEMENT_TIMEOUT)
        yield running
        running.stop()


@pytest.fixture
def loader_conn(server):
    with server.connect(LOADER_ROLE, autocommit=True) as conn:
        yield conn
