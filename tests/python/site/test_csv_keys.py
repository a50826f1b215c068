"""The keys the site matches CSV rows on are the primary keys the dbt project declares for those
marts (a link must name exactly one row)."""

from __future__ import annotations

import json

from orchestration.publish.contract import mart_contracts
from orchestration.publish.site.marts import KEYS
from orchestration.transform.project import ensure_manifest


def test_keys_are_the_contracts_primary_keys():
    contracts = mart_contracts(json.loads(ensure_manifest().read_text()))
    for table, key in KEYS.items():
        assert contracts[f"marts.{table}"].primary_key == key, table
