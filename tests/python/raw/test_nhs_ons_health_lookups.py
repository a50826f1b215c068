"""ONS health geography lookups (declared headers via published_csv): values read by hand."""

from __future__ import annotations

from orchestration.raw.catalog import SOURCES_BY_NAME

from .conftest import DEFAULT_DATA_DIR

HEALTH = DEFAULT_DATA_DIR / "health"


def _parse(name: str):
    source = SOURCES_BY_NAME[name]
    (path,) = source.files(DEFAULT_DATA_DIR)
    return source.parser(path)


def test_sub_icb_lookup_bom_stripped_first_row_by_hand() -> None:
    parsed = _parse("ons_subicb22_icb22_nhser22_lookup_en")
    assert parsed.rejects.empty and len(parsed.rows) == 106
    # line 2: E38000006,02P,NHS South Yorkshire ICB - 02P,E54000061,QF7,...,E40000012,Y63,
    # North East and Yorkshire (the file starts with a UTF-8 BOM before LOC22CD)
    first = parsed.rows.iloc[0]
    assert list(parsed.rows.columns)[0] == "loc22cd"
    assert (first["loc22cd"], first["loc22cdh"], first["icb22cd"]) == (
        "E38000006",
        "02P",
        "E54000061",
    )
    assert (first["nhser22cd"], first["nhser22nm"]) == ("E40000012", "North East and Yorkshire")


def test_icb24_and_ccg20_rows_by_hand() -> None:
    icbs = _parse("ons_icb24_names_codes_en")
    assert icbs.rejects.empty and len(icbs.rows) == 42
    # line 2: E54000008,QYG,NHS Cheshire and Merseyside Integrated Care Board,1
    assert icbs.rows.iloc[0][["icb24cd", "icb24cdh"]].tolist() == ["E54000008", "QYG"]
    ccgs = _parse("ons_ccg20_stp20_lookup_en")
    assert ccgs.rejects.empty and len(ccgs.rows) == 135
    # line 2: 1,E38000016,00T,NHS Bolton CCG,E54000007,QOP,Greater Manchester ...
    assert ccgs.rows.iloc[0][["ccg20cd", "ccg20cdh", "stp20cd"]].tolist() == [
        "E38000016",
        "00T",
        "E54000007",
    ]
