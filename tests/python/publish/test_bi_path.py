"""The BI path: SQLAlchemy + duckdb-engine reading the published database, read-only.

A BI tool is another process. Inside one process DuckDB hands a second connection to the same
path the database instance already open, so the "new reader sees the new release" half of this
test runs in a subprocess, as a BI tool would.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from orchestration.paths import PROJECT_DIR, FrontlinePaths
from orchestration.publish import publish_release

from .conftest import MARTS, SOURCES, add_row, passing_check

FRESH_READER = textwrap.dedent(
    """
    import json, sys
    import sqlalchemy as sa

    engine = sa.create_engine("duckdb:///" + sys.argv[1], connect_args={"read_only": True})
    table = sa.Table("fct_indicator_value", sa.MetaData(), schema="marts",
                     autoload_with=engine)
    with engine.connect() as con:
        rows = con.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        release = con.execute(sa.text("select release_id from main.release")).scalar_one()
    print(json.dumps({"rows": rows, "release": release}))
    """
)


def read_only_engine(paths: FrontlinePaths) -> sa.Engine:
    return sa.create_engine(f"duckdb:///{paths.published_db}", connect_args={"read_only": True})


@pytest.mark.filterwarnings("ignore:duckdb-engine doesn.t yet support reflection on indices")
def test_bi_tool_reflects_and_reads_the_published_tables(paths: FrontlinePaths) -> None:
    publish_release(paths, MARTS, [passing_check()], SOURCES)
    engine = read_only_engine(paths)
    try:
        inspector = sa.inspect(engine)
        assert sorted(inspector.get_table_names(schema="marts")) == [
            "dim_organisation",
            "fct_indicator_value",
        ]
        assert "release" in inspector.get_table_names(schema="main")
        table = sa.Table("fct_indicator_value", sa.MetaData(), schema="marts", autoload_with=engine)
        assert [c.name for c in table.columns] == [
            "organisation_code",
            "period",
            "indicator_code",
            "value",
            "status",
            "numerator",
        ]
        with engine.connect() as con:
            rows = con.execute(sa.select(table).order_by(table.c.organisation_code)).all()
        assert len(rows) == 4
        assert rows[0].organisation_code == "E23000001"
    finally:
        engine.dispose()


def test_a_publish_does_not_wait_for_readers_who_keep_the_old_release(
    paths: FrontlinePaths,
) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    engine = read_only_engine(paths)
    count = sa.text("select count(*) from marts.fct_indicator_value")
    try:
        with engine.connect() as held:
            assert held.execute(count).scalar_one() == 4

            add_row(paths.working_db)
            second = publish_release(paths, MARTS, [passing_check()], SOURCES)

            # the held connection keeps reading the release it opened
            assert held.execute(count).scalar_one() == 4
            release = held.execute(sa.text("select release_id from main.release")).scalar_one()
            assert release == first.release_id

            # a new reader (another process, as BI tools are) sees the new release
            done = subprocess.run(
                [sys.executable, "-c", FRESH_READER, str(paths.published_db)],
                cwd=PROJECT_DIR,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
            assert json.loads(done.stdout) == {"rows": 5, "release": second.release_id}
    finally:
        engine.dispose()

    # once this process has closed its connections, reconnecting sees the new release too
    engine = read_only_engine(paths)
    try:
        with engine.connect() as fresh:
            assert fresh.execute(count).scalar_one() == 5
    finally:
        engine.dispose()
