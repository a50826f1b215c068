"""A corpus of bad inputs for the raw loaders, made from the real shipped files at test time.

Each case copies one shipped file (or a justice fixture) into a temporary data folder, lands it
into a fresh DuckDB, damages it the way files arrive damaged (truncated, zero bytes, another
encoding, a workbook under a CSV's name, a renamed sheet or column, text in a count, a link out
of the folder...) and lands it again through `land_file`. What must happen is one of:

- error: one LoadError line naming the file by its data-folder path (no line break, no
  traceback), and the raw table, rejects and load log exactly as before the failed load;
- reject: the damaged row is rejected with its reason and row, and the source's blocking
  check `rejects_within_threshold` fails;
- accepted: something publishers really ship (BOM, CRLF, a trailing blank line, a formula-like
  text) lands as published.

Anything else (a bare library exception, a silent partial load) is a finding. Run
``python -m tests.python.faults.loader_corpus`` for the counts.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sys
import tempfile
import traceback
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import land_file
from orchestration.raw.landing.reject_threshold import check_result
from orchestration.raw.landing.shape import LoadError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# (file, data folder) -> the path to land (the damaged file, or a new name for it)
Damage = Callable[[Path, Path], Path]


@dataclass(frozen=True)
class Case:
    name: str
    family: str
    source: str  # catalog source name
    file: str  # path in the data folder
    damage: Damage
    expect: str  # "error", "reject" or "accepted"
    message: str = ""  # regex the error line, or the reject reason, must match
    row: int | None = None  # the rejected row
    landed: tuple[str, str] | None = None  # (column, value) that must land verbatim
    origin: Path | None = None  # where the good file comes from (default: the shipped one)

    @property
    def good_file(self) -> Path:
        return self.origin or DEFAULT_DATA_DIR / self.file


@dataclass
class Outcome:
    case: Case
    kind: str  # error / reject / accepted / traceback / silent
    message: str = ""
    problems: list[str] = field(default_factory=list)  # unmet expectations of the case

    @property
    def ok(self) -> bool:
        return not self.problems


# ---- damages ---------------------------------------------------------------------------------


def zero_bytes(path: Path, _: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(fraction: float) -> Damage:
    """The first `fraction` of the bytes: a download or copy cut short."""

    def damage(path: Path, _: Path) -> Path:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])
        return path

    return damage


def keep_records(count: int) -> Damage:
    """The header and the first `count` records, each with its line break: cut at a line."""

    def damage(path: Path, _: Path) -> Path:
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(b"".join(lines[: count + 1]))
        return path

    return damage


def cut_in_line(line: int, keep: float = 0.5) -> Damage:
    """Lines before `line` (1-based) and the first `keep` of it, with no line break after."""

    def damage(path: Path, _: Path) -> Path:
        lines = path.read_bytes().splitlines(keepends=True)
        cut = lines[line - 1]
        path.write_bytes(b"".join(lines[: line - 1]) + cut[: int(len(cut) * keep)])
        return path

    return damage


def cut_after_field(line: int, fields: int) -> Damage:
    """Lines before `line` and its first `fields` fields with their commas: a field boundary."""

    def damage(path: Path, _: Path) -> Path:
        lines = path.read_bytes().splitlines(keepends=True)
        head = b",".join(lines[line - 1].split(b",")[:fields]) + b","
        path.write_bytes(b"".join(lines[: line - 1]) + head)
        return path

    return damage


def text(edit: Callable[[str], str], encoding: str = "utf-8") -> Damage:
    """The file's text edited, then written in `encoding` (unencodable characters as '?')."""

    def damage(path: Path, _: Path) -> Path:
        path.write_bytes(edit(path.read_bytes().decode("utf-8")).encode(encoding, "replace"))
        return path

    return damage


def replace(old: str, new: str, count: int = 1, encoding: str = "utf-8") -> Damage:
    def edit(content: str) -> str:
        assert old in content, f"{old!r} not in the shipped file"
        return content.replace(old, new, count)

    return text(edit, encoding)


def edit_line(line: int, edit: Callable[[str], str]) -> Damage:
    """Line `line` (1-based) edited, its line break kept."""

    def damage(path: Path, _: Path) -> Path:
        lines = path.read_bytes().decode("utf-8").splitlines(keepends=True)
        body = lines[line - 1].rstrip("\r\n")
        lines[line - 1] = edit(body) + lines[line - 1][len(body) :]
        path.write_bytes("".join(lines).encode("utf-8"))
        return path

    return damage


def edit_field(line: int, column: str, value: str) -> Damage:
    """One field of a CSV record replaced, the record written back with csv quoting."""

    def damage(path: Path, data_dir: Path) -> Path:
        header = next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))

        def edit(body: str) -> str:
            fields = next(csv.reader(io.StringIO(body)))
            fields[header.index(column)] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow(fields)
            return out.getvalue()

        return edit_line(line, edit)(path, data_dir)

    return damage


def duplicate_line(line: int) -> Damage:
    def damage(path: Path, _: Path) -> Path:
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(b"".join([*lines[:line], lines[line - 1], *lines[line:]]))
        return path

    return damage


def contents_of(other: Path) -> Damage:
    """Another file's bytes under this file's name (a workbook saved as .csv, or the reverse)."""

    def damage(path: Path, _: Path) -> Path:
        path.write_bytes(other.read_bytes())
        return path

    return damage


def renamed(name: str) -> Damage:
    def damage(path: Path, _: Path) -> Path:
        return path.rename(path.with_name(name))

    return damage


def workbook(edit: Callable[[openpyxl.Workbook], None]) -> Damage:
    """An xlsx opened, edited and saved with openpyxl."""

    def damage(path: Path, _: Path) -> Path:
        with warnings.catch_warnings():  # "DrawingML support is incomplete": not what we test
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
        return path

    return damage


def set_cells(sheet: str, cells: dict[str, object]) -> Damage:
    def edit(book: openpyxl.Workbook) -> None:
        for cell, value in cells.items():
            book[sheet][cell] = value

    return workbook(edit)


def rename_sheet(old: str, new: str) -> Damage:
    def edit(book: openpyxl.Workbook) -> None:
        book[old].title = new

    return workbook(edit)


def copy_row(sheet: str, row: int) -> Damage:
    """Row `row` printed twice (a duplicated line in a published table)."""

    def edit(book: openpyxl.Workbook) -> None:
        table = book[sheet]
        values = [c.value for c in table[row]]
        table.insert_rows(row + 1)
        for column, value in enumerate(values, start=1):
            table.cell(row=row + 1, column=column, value=value)

    return workbook(edit)


def link_outside(path: Path, data_dir: Path) -> Path:
    """The file moved out of the data folder and a symbolic link left in its place."""
    outside = data_dir.parent / "elsewhere" / path.name
    outside.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(path, outside)
    path.symlink_to(outside)
    return path


def link_to_nothing(path: Path, _: Path) -> Path:
    path.unlink()
    path.symlink_to(path.with_name("no-such-file.csv"))
    return path


def folder_in_place(path: Path, _: Path) -> Path:
    path.unlink()
    path.mkdir()
    return path


def bom_crlf_blank_line(path: Path, _: Path) -> Path:
    """A UTF-8 byte-order mark, CRLF line endings and a blank line at the end."""
    lines = path.read_bytes().splitlines()
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n\r\n")
    return path


def no_final_line_break(path: Path, _: Path) -> Path:
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    return path


def huge_field(line: int, column: int, size: int = 200_000) -> Damage:
    def edit(body: str) -> str:
        fields = body.split(",")
        fields[column] = '"' + "x" * size + '"'
        return ",".join(fields)

    return edit_line(line, edit)


def unclosed_quote_at_end(path: Path, _: Path) -> Path:
    """A last record whose quoted field the copy cut off (no closing quote, no line break)."""
    lines = path.read_bytes().splitlines(keepends=True)
    last = lines[-1].rstrip(b"\r\n").split(b",")
    path.write_bytes(b"".join(lines) + b",".join(last[:6]) + b',"On or near Fleet')
    return path


# ---- the corpus ------------------------------------------------------------------------------

P1_FILE = "police/ons_pfa_tables/pfatablesdec19.xlsx"
STREET = "police/police_uk_street/2017-01-city-of-london-street.csv"
LAD23 = "geography/ons_lad23_csp23_pfa23_lookup_ew.csv"
RGN19 = "geography/ons_rgn19_names_codes_en.csv"
AE = "health/nhse_ae_monthly_by_provider/ae_monthly_2024-06.csv"
ETR = "health/ods_etr_nhs_trusts.csv"
KS2 = "education/dfe_ks2_performance_tables/2018-2019_850_ks2final.csv"
SN = "education/dfe_lait/dfe_statistical_neighbours_may2025.xlsx"
RS_XLS = "local_gov/mhclg_revenue_outturn_rs/rs2018_19.xls"
RS_XLSX = "local_gov/mhclg_revenue_outturn_rs/rs2021_22.xlsx"
RATINGS = "justice/prison_performance_ratings/annual_prison_performance_ratings_2023_24.xlsx"
REOFFENDING = "justice/proven_reoffending/proven_reoffending_invented_2022.xlsx"
WORKFORCE = "police/raw/open-data-table-police-workforce-260723.ods"
MYE = "geography/raw/LAD23_Mid_Year_pop_2011_to_2023.xlsx"
IOD = "geography/imd2019/raw/File_10_IoD2019_LAD_Summaries_LowerTier.xlsx"

EMPTY = r"the file is empty \(0 bytes\)"
NOT_A_WORKBOOK = r"not a readable workbook: expected a complete .*, found a truncated or damaged"
TRUNCATED = r"file ends mid-record \(truncated\?\): line \d+, no line break at the end and "

ONS_PFA, STREET_CSV, GEOGRAPHY = "ONS PFA workbook", "street CSV", "geography CSV"
HEALTH, DFE, MHCLG, JUSTICE = "ODS/health", "DfE", "MHCLG", "MoJ/HMPPS"
ONS_OTHER = "ONS/Home Office workbook"

CASES: list[Case] = [
    # -- ONS police force area tables (xlsx) --
    Case("p1_zero_byte", ONS_PFA, "ons_pfa_p1_recorded_crime", P1_FILE, zero_bytes, "error", EMPTY),
    Case(
        "p1_truncated_xlsx",
        ONS_PFA,
        "ons_pfa_p1_recorded_crime",
        P1_FILE,
        truncated(0.5),
        "error",
        NOT_A_WORKBOOK + r".*ZipError",
    ),
    Case(
        "p1_missing_sheet",
        ONS_PFA,
        "ons_pfa_p1_recorded_crime",
        P1_FILE,
        rename_sheet("Table P1", "Table P1 (old)"),
        "error",
        r"\(sheet 'Table P1'\): expected one sheet named 'Table P1', found \[.*'Table P1 \(old\)'",
    ),
    Case(
        "p1_text_in_count",  # the Cleveland '1,234'
        ONS_PFA,
        "ons_pfa_p1_recorded_crime",
        P1_FILE,
        set_cells("Table P1", {"C10": "1,234"}),
        "reject",
        r"^neither a number nor '\.\.'$",
        row=10,
    ),
    Case(
        "p1_negative_count",
        ONS_PFA,
        "ons_pfa_p1_recorded_crime",
        P1_FILE,
        set_cells("Table P1", {"C10": -69197}),
        "error",
        r"totals do not add up in 1 cell\(s\).*row 9 \(North East\) prints 281662, rows 10-12 "
        r"sum to 143268",
    ),
    Case(
        "p1_duplicated_force_row",
        ONS_PFA,
        "ons_pfa_p1_recorded_crime",
        P1_FILE,
        copy_row("Table P1", 10),
        "error",
        r"totals do not add up in \d+ cell\(s\).*row 9 \(North East\) prints 281662, rows 10-13",
    ),
    Case(
        "p1_renamed_column",
        ONS_PFA,
        "ons_pfa_p1_recorded_crime",
        P1_FILE,
        set_cells("Table P1", {"F5": "Murder"}),
        "error",
        r"header mismatch: .*missing \['homicide'\]; unexpected \['Murder'\]",
    ),
    Case(
        "p1_csv_under_an_xlsx_name",
        ONS_PFA,
        "ons_pfa_p1_recorded_crime",
        P1_FILE,
        contents_of(DEFAULT_DATA_DIR / RGN19),
        "error",
        r"expected a workbook \(xlsx, ods or xls\), found text \(a CSV saved under a workbook",
    ),
    # -- data.police.uk street CSV --
    Case(
        "street_zero_byte", STREET_CSV, "police_uk_street_crime", STREET, zero_bytes, "error", EMPTY
    ),
    Case(
        "street_truncated_mid_line",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        cut_in_line(300),
        "error",
        TRUNCATED + r"row 300 has \d+ of 12 fields",
    ),
    Case(
        "street_unclosed_quote_at_end",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        unclosed_quote_at_end,
        "error",
        TRUNCATED + "ends inside a quoted field",
    ),
    Case(
        "street_latin1",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        replace("On or near Old Square", "On or near Caf\u00e9 Square", encoding="latin-1"),
        "error",
        r"line 3, byte \d+: 0xE9 is not UTF-8; expected UTF-8",
    ),
    Case(
        "street_utf16",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        text(lambda t: t, "utf-16"),
        "error",
        r"expected UTF-8 CSV text, found UTF-16 text \(byte-order mark FF FE\)",
    ),
    Case(
        "street_short_row",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        edit_line(3, lambda body: body.rsplit(",", 1)[0]),
        "reject",
        r"^11 fields where the header has 12$",
        row=3,
    ),
    Case(
        "street_long_row",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        edit_line(3, lambda body: body + ",extra"),
        "reject",
        r"^13 fields where the header has 12$",
        row=3,
    ),
    Case(
        "street_month_of_another_file",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        edit_line(2, lambda body: body.replace(",2017-01,", ",2017-02,", 1)),
        "reject",
        r"^month differs from file month 2017-01$",
        row=2,
    ),
    Case(
        "street_shuffled_columns",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        edit_line(1, lambda body: body.replace("Longitude,Latitude", "Latitude,Longitude")),
        "error",
        r"header mismatch: .*\(same labels in a different order or repeated\)",
    ),
    Case(
        "street_huge_field",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        huge_field(2, 6),
        "error",
        r"line 2: a field longer than 131,072 characters",
    ),
    Case(
        "street_bom_crlf_trailing_blank_line",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        bom_crlf_blank_line,
        "accepted",
    ),
    Case(
        "street_formula_payload",
        STREET_CSV,
        "police_uk_street_crime",
        STREET,
        edit_line(2, lambda body: body.replace("On or near Pedestrian Subway", '"=1+2"')),
        "accepted",
        landed=("location", "=1+2"),
    ),
    # -- geography CSVs (fixed editions) --
    Case(
        "lad23_truncated_at_a_line",  # the 165 of 332 rows
        GEOGRAPHY,
        "ons_lad23_csp23_pfa23_lookup_ew",
        LAD23,
        keep_records(165),
        "error",
        r"expected 332 data rows \(the edition the catalog declares\), found 165: a truncated",
    ),
    Case(
        "lad23_truncated_at_a_field_boundary",
        GEOGRAPHY,
        "ons_lad23_csp23_pfa23_lookup_ew",
        LAD23,
        cut_after_field(167, 3),
        "error",
        TRUNCATED + r"row 167 has 4 of 7 fields",
    ),
    Case(
        "lad23_duplicated_row",
        GEOGRAPHY,
        "ons_lad23_csp23_pfa23_lookup_ew",
        LAD23,
        duplicate_line(10),
        "error",
        r"expected 332 data rows .*, found 333",
    ),
    Case(
        "lad23_renamed_column",
        GEOGRAPHY,
        "ons_lad23_csp23_pfa23_lookup_ew",
        LAD23,
        replace("LAD23NM,", "LAD23NAME,"),
        "error",
        r"header mismatch: .*missing \['LAD23NM'\]; unexpected \['LAD23NAME'\]",
    ),
    Case(
        "lad23_extra_column",
        GEOGRAPHY,
        "ons_lad23_csp23_pfa23_lookup_ew",
        LAD23,
        text(lambda t: "\n".join(line + ",x" if line else line for line in t.split("\n"))),
        "error",
        r"header mismatch: .*missing \[\]; unexpected \['x'\]",
    ),
    Case(
        "lad23_xlsx_under_a_csv_name",
        GEOGRAPHY,
        "ons_lad23_csp23_pfa23_lookup_ew",
        LAD23,
        contents_of(DEFAULT_DATA_DIR / P1_FILE),
        "error",
        r"expected UTF-8 CSV text, found a zip archive \(an xlsx or ods workbook\?\)",
    ),
    Case(
        "lad23_no_final_line_break",
        GEOGRAPHY,
        "ons_lad23_csp23_pfa23_lookup_ew",
        LAD23,
        no_final_line_break,
        "accepted",
    ),
    Case(
        "mysociety_windows_1252",
        GEOGRAPHY,
        "mysociety_uk_local_authorities",
        "geography/mysociety_uk_local_authorities.csv",
        text(lambda t: t.replace("Armagh City", "Armagh Cit\u00e9", 1), "cp1252"),
        "error",
        r"line 2, byte \d+: 0xE9 is not UTF-8",
    ),
    Case(
        "rgn19_formula_payload",
        GEOGRAPHY,
        "ons_rgn19_names_codes_en",
        RGN19,
        replace("North East,", '"=HYPERLINK(""http://x"",""y"")",'),
        "accepted",
        landed=("rgn19nm", '=HYPERLINK("http://x","y")'),
    ),
    Case(
        "rgn19_link_out_of_the_data_folder",
        GEOGRAPHY,
        "ons_rgn19_names_codes_en",
        RGN19,
        link_outside,
        "error",
        r"expected a file inside the data folder .*, found a link to .*elsewhere/",
    ),
    Case(
        "rgn19_link_to_nothing",
        GEOGRAPHY,
        "ons_rgn19_names_codes_en",
        RGN19,
        link_to_nothing,
        "error",
        r"expected a file, found a link to nothing",
    ),
    Case(
        "rgn19_folder_in_place",
        GEOGRAPHY,
        "ons_rgn19_names_codes_en",
        RGN19,
        folder_in_place,
        "error",
        r"expected a file, found a folder or special file",
    ),
    Case(
        "dfe_pfas_short_row",
        GEOGRAPHY,
        "dfe_police_force_areas",
        "geography/dfe_police_force_areas.csv",
        edit_line(5, lambda body: body.rsplit(",", 2)[0]),
        "reject",
        r"^3 fields where the header has 5$",
        row=5,
    ),
    Case(
        "clusters_json_truncated",
        GEOGRAPHY,
        "ons_la_cluster_descriptions",
        "geography/ons_la_cluster_descriptions.json",
        truncated(0.5),
        "error",
        r"not valid JSON: ",
    ),
    Case(
        "clusters_json_latin1",
        GEOGRAPHY,
        "ons_la_cluster_descriptions",
        "geography/ons_la_cluster_descriptions.json",
        text(lambda t: t.replace("high dependency", "h\u00e9gh dependency", 1), "latin-1"),
        "error",
        r"line 3: byte 0xE9 is not UTF-8; expected UTF-8 text",
    ),
    # -- ODS and other health files --
    Case(
        "ods_header_line_added",
        HEALTH,
        "nhs_ods_etr_trusts",
        ETR,
        text(lambda t: "Organisation Code,Name," + ",".join(["x"] * 25) + "\n" + t),
        "error",
        r"starts with a header line \['Organisation Code', 'Name', 'x', 'x'\]; ODS is headerless",
    ),
    Case(
        "ods_date_not_yyyymmdd",
        HEALTH,
        "nhs_ods_etr_trusts",
        ETR,
        replace('"20241101"', '"2024-11-01"'),
        "reject",
        r"^open_date is not a YYYYMMDD date$",
        row=1,
    ),
    Case(
        "ods_truncated_mid_line",
        HEALTH,
        "nhs_ods_etr_trusts",
        ETR,
        cut_in_line(100, 0.3),
        "error",
        TRUNCATED + r"ends inside a quoted field",  # every ODS field is quoted
    ),
    Case(
        "ae_count_with_a_comma",
        HEALTH,
        "nhse_ae_monthly_provider",
        AE,
        edit_line(2, lambda body: body.replace(",365,", ',"1,234",', 1)),
        "reject",
        r"^count is not a whole number$",
        row=2,
    ),
    Case(
        "ae_negative_count",
        HEALTH,
        "nhse_ae_monthly_provider",
        AE,
        edit_line(2, lambda body: body.replace(",365,", ",-365,", 1)),
        "reject",
        r"^count is not a whole number$",
        row=2,
    ),
    Case(
        "ae_unknown_period_code",
        HEALTH,
        "nhse_ae_monthly_provider",
        AE,
        edit_line(2, lambda body: body.replace("MSitAE-JUNE-2024", "MSitAE-JUNX-2024")),
        "reject",
        r"^period is not MSitAE-<MONTH>-<YYYY>$",
        row=2,
    ),
    Case(
        "ae_month_13_in_the_name",
        HEALTH,
        "nhse_ae_monthly_provider",
        AE,
        renamed("ae_monthly_2024-13.csv"),
        "error",
        r"file name does not match ae_monthly_YYYY-MM.csv",
    ),
    Case(
        "icb24_truncated_at_a_line",
        HEALTH,
        "ons_icb24_names_codes_en",
        "health/ons_icb24_names_codes_en.csv",
        keep_records(20),
        "error",
        r"expected 42 data rows .*, found 20",
    ),
    Case(
        "ncc_utf16",
        HEALTH,
        "nhse_ncc_national_schedule",
        "health/ncc_2023_24_national_schedule_by_service_currency.csv",
        text(lambda t: t, "utf-16"),
        "error",
        r"found UTF-16 text \(byte-order mark FF FE\)",
    ),
    Case(
        "workforce_ods_truncated",
        ONS_OTHER,
        "ho_police_workforce",
        WORKFORCE,
        truncated(0.6),
        "error",
        NOT_A_WORKBOOK,
    ),
    Case(
        "workforce_ods_zero_byte",
        ONS_OTHER,
        "ho_police_workforce",
        WORKFORCE,
        zero_bytes,
        "error",
        EMPTY,
    ),
    Case(
        "mye4_text_in_a_number",
        ONS_OTHER,
        "ons_mye4_population",
        MYE,
        set_cells("MYE4", {"D9": "60,854,727"}),
        "reject",
        r"^not a number$",
        row=9,
    ),
    Case(
        "iod_missing_sheet",
        ONS_OTHER,
        "mhclg_iod2019_lad_summaries_imd",
        IOD,
        rename_sheet("IMD", "IMD2019"),
        "error",
        r"expected one sheet named 'IMD'",
    ),
    # -- DfE --
    Case(
        "ks2_truncated_mid_line",
        DFE,
        "dfe_ks2_performance_tables",
        KS2,
        cut_in_line(40, 0.4),
        "error",
        TRUNCATED,
    ),
    Case(
        "ks2_copy_suffix_in_the_name",
        DFE,
        "dfe_ks2_performance_tables",
        KS2,
        renamed("2018-2019_850_ks2final (1).csv"),
        "error",
        r"file name is not <yyyy>-<yyyy\+1>_<LA>_ks2final.csv",
    ),
    Case(
        "ks2_unknown_la_code",
        DFE,
        "dfe_ks2_performance_tables",
        KS2,
        edit_field(3, "LEA", "999"),
        "reject",
        r"^LEA '999' is not the file's LA 850",
        row=3,
    ),
    Case(
        "ks2_renamed_identifying_column",
        DFE,
        "dfe_ks2_performance_tables",
        KS2,
        edit_line(1, lambda body: body.replace(",URN,", ",URN_NEW,", 1)),
        "error",
        r"missing identifying columns \['URN'\]",
    ),
    Case(
        "gias_windows_1252",
        DFE,
        "gias_establishments",
        "education/gias_extract_2021-05-07_la850_la936.csv",
        replace("Alton Infant School", "Alton Inf\u00e2nt School", encoding="cp1252"),
        "error",
        r"line 2, byte \d+: 0xE2 is not UTF-8",
    ),
    Case(
        "lait_parquet_truncated",
        DFE,
        "dfe_lait_values",
        "education/dfe_lait/dfe_lait_bds_long.parquet",
        truncated(0.7),
        "error",
        r"not a readable Parquet file: expected a complete file, found a truncated or damaged",
    ),
    Case(
        "lait_sn_missing_sheet",
        DFE,
        "dfe_statistical_neighbours",
        SN,
        rename_sheet("LA SN Groups", "SN Groups"),
        "error",
        r"expected one sheet named 'LA SN Groups'",
    ),
    Case(
        "lait_sn_text_in_a_code",
        DFE,
        "dfe_statistical_neighbours",
        SN,
        set_cells("LA SN Groups", {"F4": "three hundred and eight"}),
        "reject",
        r"^not an LA number$",
        row=4,
    ),
    Case(
        "oflog_shuffled_columns",
        DFE,
        "oflog_adult_social_care_metrics",
        "local_gov/oflog_adult_social_care_metrics_2015-16_2022-23.csv",
        edit_line(1, lambda body: body.replace("Measure,Code", "Code,Measure")),
        "error",
        r"same labels in a different order",
    ),
    # -- MHCLG --
    Case(
        "rs_xls_truncated",
        MHCLG,
        "mhclg_revenue_outturn_rs",
        RS_XLS,
        truncated(0.5),
        "error",
        NOT_A_WORKBOOK,
    ),
    Case(
        "rs_year_in_name_differs",
        MHCLG,
        "mhclg_revenue_outturn_rs",
        RS_XLS,
        renamed("rs2019_20.xls"),
        "error",
        r"file name and sheet name give different years",
    ),
    Case(
        "rs_unknown_e_code",
        MHCLG,
        "mhclg_revenue_outturn_rs",
        RS_XLSX,
        set_cells("RS_LA_Data_2021-22", {"A13": "X3831"}),
        "reject",
        r"^not an authority E-code \(E followed by 4 digits\)$",
        row=13,
    ),
    Case(
        "ra_zero_byte",
        MHCLG,
        "mhclg_revenue_account_budget",
        "local_gov/mhclg_revenue_account_budget_ra/ra2016_17.xlsx",
        zero_bytes,
        "error",
        EMPTY,
    ),
    # -- MoJ / HMPPS (tables in the declared layout: tests/python/fixtures/justice) --
    Case(
        "ratings_truncated",
        JUSTICE,
        "hmpps_prison_performance_ratings",
        RATINGS,
        truncated(0.5),
        "error",
        NOT_A_WORKBOOK,
        origin=FIXTURES / "justice" / Path(RATINGS).name,
    ),
    Case(
        "ratings_missing_sheet",
        JUSTICE,
        "hmpps_prison_performance_ratings",
        RATINGS,
        rename_sheet("Table_1", "Table 1"),
        "error",
        r"expected one sheet named 'Table_1'",
        origin=FIXTURES / "justice" / Path(RATINGS).name,
    ),
    Case(
        "ratings_text_in_a_rating",
        JUSTICE,
        "hmpps_prison_performance_ratings",
        RATINGS,
        set_cells("Table_1", {"C5": "three"}),
        "reject",
        r"^not a number or a published symbol$",
        row=5,
        origin=FIXTURES / "justice" / Path(RATINGS).name,
    ),
    Case(
        "reoffending_zero_byte",
        JUSTICE,
        "moj_proven_reoffending_by_prison",
        REOFFENDING,
        zero_bytes,
        "error",
        EMPTY,
        origin=FIXTURES / "justice" / Path(REOFFENDING).name,
    ),
    Case(
        "prison_register_truncated_at_a_line",
        JUSTICE,
        "prison_register_2017",
        "justice/prison_register_2017.tsv",
        keep_records(100),
        "error",
        r"expected 153 data rows .*, found 100",
    ),
    Case(
        "prison_register_latin1",
        JUSTICE,
        "prison_register_2017",
        "justice/prison_register_2017.tsv",
        replace("HMP Ashfield", "HMP \u00c5shfield", encoding="latin-1"),
        "error",
        r"line 3, byte 8: 0xC5 is not UTF-8",
    ),
]


# ---- running a case --------------------------------------------------------------------------


def _snapshot(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, pd.DataFrame]:
    return {
        name: con.execute(f'select * from raw."{name}" order by all').df()
        for name in (table, "_rejects", "_load_log")
    }


def _unchanged(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> list[str]:
    return [
        f"raw.{name} changed by the failed load"
        for name in before
        if not before[name].equals(after[name])
    ]


def run_case(case: Case, work: Path) -> Outcome:
    """Land the good file, damage it, land it again; what happened against what must."""
    source = SOURCES_BY_NAME[case.source]
    data_dir = work / "data"
    good = data_dir / case.file
    good.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(case.good_file, good)
    con = duckdb.connect()
    try:
        first = land_file(con, source, good, data_dir)
        before = _snapshot(con, source.raw_table)
        bad = case.damage(good, data_dir)
        shown = bad.relative_to(data_dir).as_posix()
        try:
            result = land_file(con, source, bad, data_dir)
        except LoadError as error:
            outcome = Outcome(case, "error", str(error))
            outcome.problems += _check_error(case, outcome.message, shown)
            outcome.problems += _unchanged(before, _snapshot(con, source.raw_table))
            return outcome
        except Exception:  # noqa: BLE001 - a bare library error is what the corpus looks for
            return Outcome(case, "traceback", traceback.format_exc(), ["not a LoadError"])
        if result.rows_rejected > first.rows_rejected:
            return _check_reject(case, con, source, result.source_file)
        return _check_accepted(case, con, source.raw_table, before, result.source_file)
    finally:
        con.close()


def _check_error(case: Case, message: str, shown: str) -> list[str]:
    problems = []
    if case.expect != "error":
        problems.append(f"expected {case.expect}, got an error")
    if not message.startswith(shown + ":") and not message.startswith(shown + " "):
        problems.append(f"does not start with the file's data-folder path {shown!r}")
    if "\n" in message or "Traceback" in message:
        problems.append("not one line")
    if not re.search(case.message, message):
        problems.append(f"does not match {case.message!r}")
    return problems


def _check_reject(case: Case, con: duckdb.DuckDBPyConnection, source, source_file: str) -> Outcome:
    rejects = con.execute(
        "select row_number, reason from raw._rejects where source_file = ? order by all",
        [source_file],
    ).fetchall()
    new = [(row, reason) for row, reason in rejects if re.search(case.message, reason)]
    outcome = Outcome(case, "reject", "; ".join(f"row {r}: {reason}" for r, reason in rejects))
    if case.expect != "reject":
        outcome.problems.append(f"expected {case.expect}, got rejects")
    if not any(row == case.row for row, _ in new):
        outcome.problems.append(f"no reject matching {case.message!r} on row {case.row}")
    checked = check_result(con, source)
    if checked.passed or f"row {case.row}" not in (checked.description or ""):
        outcome.problems.append(f"the reject check did not fail naming row {case.row}")
    return outcome


def _check_accepted(
    case: Case,
    con: duckdb.DuckDBPyConnection,
    table: str,
    before: dict[str, pd.DataFrame],
    source_file: str,
) -> Outcome:
    outcome = Outcome(case, "accepted" if case.expect == "accepted" else "silent")
    if case.expect != "accepted":
        outcome.problems.append(f"expected {case.expect}, the file landed without a word")
        return outcome
    published = [c for c in before[table].columns if not c.startswith("_")]
    after = con.execute(f'select * from raw."{table}" order by all').df()
    if case.landed is not None:
        column, value = case.landed
        if value not in set(after[column]):
            outcome.problems.append(f"{value!r} did not land verbatim in {column}")
    elif not before[table][published].equals(after[published]):
        outcome.problems.append("rows differ from the file as shipped")
    return outcome


def run_corpus(cases: list[Case] = CASES) -> list[Outcome]:
    outcomes = []
    for case in cases:
        with tempfile.TemporaryDirectory() as work:
            outcomes.append(run_case(case, Path(work)))
    return outcomes


def _count(outcomes: list[Outcome], kind: str) -> int:
    return sum(o.kind == kind and o.ok for o in outcomes)


def summary(outcomes: list[Outcome]) -> str:
    kinds = Counter(o.kind for o in outcomes)
    families = Counter(o.case.family for o in outcomes)
    return "\n".join(
        [
            f"corpus: {len(outcomes)} bad inputs across {len(families)} families "
            f"({', '.join(f'{f} {n}' for f, n in families.items())})",
            f"clear one-line errors: {sum(o.kind == 'error' and o.ok for o in outcomes)}",
            f"rejects (check fails naming the row): {_count(outcomes, 'reject')}",
            f"accepted as publishers ship them: {_count(outcomes, 'accepted')}",
            f"tracebacks (bare exceptions): {kinds['traceback']}",
            f"silent loads: {kinds['silent']}",
            f"cases not as expected: {sum(not o.ok for o in outcomes)}",
        ]
    )


if __name__ == "__main__":
    results = run_corpus()
    for outcome in results:
        status = "ok " if outcome.ok else "BAD"
        print(f"{status} {outcome.case.name:40s} {outcome.kind:9s} {outcome.message[:150]}")
        for problem in outcome.problems:
            print(f"      {problem}")
    print(summary(results))
    sys.exit(0 if all(o.ok for o in results) else 1)
