"""BI tools read the published database through SQLAlchemy + duckdb-engine, read-only, and a
new release can be published while such a reader is connected."""

from __future__ import annotations

import subprocess
import sys


def test_reflects_and_reads_published_marts_in_a_fresh_process(published):
    # a BI tool is its own process: nothing else in it holds the file
    code = (
        "import sys; from sqlalchemy import create_engine, inspect, MetaData, Table, select\n"
        "e = create_engine('duckdb:///' + sys.argv[1], connect_args={'read_only': True})\n"
        "names = inspect(e).get_table_names(schema='marts')\n"
        "t = Table('rpt_police_recorded_crime', MetaData(), schema='marts', autoload_with=e)\n"
        "with e.connect() as c:\n"
        "    row = c.execute(select(t.c.recorded_crimes).where(t.c.area_code == 'E23000013',"
        " t.c.period_key == 'YE2019-12', t.c.offence_group_code =="
        " 'total_recorded_crime_excluding_fraud')).one()\n"
        "print(sorted(names)); print(row[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(published.published_db)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert "fct_indicator_value" in out[0] and "dim_geography" in out[0]
    assert out[1] == "69197"


def test_publish_while_a_reader_is_connected(rerun):
    assert rerun.result.success
    # the open reader still saw the release it opened, whole
    assert rerun.release_id_seen_during == rerun.release_id_before
    new_release = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True);"
            "print(c.execute('select release_id from main.release').fetchone()[0])",
            str(rerun.paths.published_db),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert new_release != rerun.release_id_before
    assert new_release == (rerun.paths.releases_dir / "latest").resolve().name
