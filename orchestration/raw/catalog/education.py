"""Education sources (Department for Education): one Source per published file set."""

from __future__ import annotations

from orchestration.raw.landing.source import OGL, Source
from orchestration.raw.parsers import dfe_ks2_performance_tables, dfe_lait, published_csv

EDUCATION_SOURCES: list[Source] = []

# Get Information About Schools extract as shipped (10 columns chosen at download).
GIAS_HEADER = [
    "URN",
    "LA (code)",
    "EstablishmentNumber",
    "EstablishmentName",
    "EstablishmentTypeGroup (name)",
    "PhaseOfEducation (name)",
    "ReligiousCharacter (name)",
    "PercentageFSM",
    "DistrictAdministrative (name)",
    "OfstedRating (name)",
]

EDUCATION_SOURCES += [
    Source(
        name="dfe_ks2_performance_tables",
        raw_table="dfe_ks2_performance_tables",
        glob="education/dfe_ks2_performance_tables/*_ks2final.csv",
        parser=dfe_ks2_performance_tables.parse,
        description=(
            "School performance tables, key stage 2 final results, one CSV per academic year "
            "and LA (2016-17 to 2018-19; LA 850 Hampshire, 936 Surrey). Landed LONG because the "
            "columns differ by year: one row per (record, published column) with the cell text "
            "exactly as printed ('SUPP', 'NA', 'LOWCOV', 'NEW', '66%', ''). Academic year and LA "
            "number from the file name, checked against LEA; RECTYPE, URN and LEA repeated on "
            "every row. RECTYPE 1 mainstream school, 2 special school, 3 LA, 4 and 5 England."
        ),
        publisher="Department for Education",
        title="School performance tables: key stage 2 final results (per-LA download)",
        licence=OGL,
        url="https://www.compare-school-performance.service.gov.uk/download-data",
        publisher_key="dfe",
        layout=(
            "CSV per academic year and LA (<yyyy>-<yyyy>_<LA>_ks2final.csv), ~300 columns "
            "differing by year; landed long"
        ),
    ),
    Source(
        name="gias_establishments",
        raw_table="gias_establishments",
        glob="education/gias_extract_*_la850_la936.csv",
        parser=published_csv.parser_for(GIAS_HEADER),
        description=(
            "Get Information About Schools extract of 7 May 2021 for LAs 850 and 936: URN, LA "
            "code, establishment number, name, type group, phase, religious character, % FSM, "
            "district and Ofsted rating (primary and all-through schools only; no open or close "
            "dates, no status)."
        ),
        publisher="Department for Education (Get Information About Schools)",
        title="Get Information About Schools: establishment extract, 7 May 2021",
        licence=OGL,
        url="https://get-information-schools.service.gov.uk/",
        published="2021-05-07",  # the date of the extract
        publisher_key="gias",
        layout="CSV with the 10 columns chosen at download",
    ),
]

# DfE Local Authority Interactive Tool (LAIT), as kept in its repository (see data/PROVENANCE.md).
LAIT = "Department for Education (Local Authority Interactive Tool, LAIT)"
LAIT_URL = "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait"
LAIT_DIR = "education/dfe_lait"
LAIT_DICTIONARY_HEADER = [
    "Measure_code",
    "Topic",
    "Measure",
    "Chart_title",
    "Measure_short",
    "Polarity",
    "y_axis_name",
    "state_funded_flag",
    "Table_status",
    "Description",
    "Last Update",
    "Next Update",
    "Data Owner (DO) /Supplier and Contact Details",
    "Methodology",
    "Hyperlink(s)",
    "dps",
    "Year_Type",
    "No_Quartile",
]

EDUCATION_SOURCES += [
    Source(
        name="dfe_lait_values",
        raw_table="dfe_lait_values",
        glob=f"{LAIT_DIR}/dfe_lait_bds_long.parquet",
        parser=dfe_lait.parse_bds,
        description=(
            "LAIT data set in long format: one row per measure (Short Desc), year as LAIT prints "
            "it ('2024', '2016-17 (OT)', '2014-16') and area (LAs under their old 3-digit LA "
            "number, regions, inner/outer London, England). Values as published text, '-' = not "
            "available. Read from parquet with every column as text; _row_number = row index + 1."
        ),
        publisher=LAIT,
        title="Local Authority Interactive Tool: data set (bds_long_0.parquet)",
        licence=OGL,
        url=LAIT_URL,
        publisher_key="dfe",
        layout="Parquet, long: one row per measure, year and area",
    ),
    Source(
        name="dfe_lait_data_dictionary",
        raw_table="dfe_lait_data_dictionary",
        glob=f"{LAIT_DIR}/dfe_lait_data_dictionary.csv",
        parser=published_csv.parser_for(LAIT_DICTIONARY_HEADER),
        description=(
            "LAIT data dictionary: one row per measure and topic (14 measure codes sit under two "
            "topics), with polarity (High/Low), y-axis label, decimal places, year type and "
            "whether LAIT shows quartile bands. Multi-line quoted text; dates as Excel serials."
        ),
        publisher=LAIT,
        title="Local Authority Interactive Tool: data dictionary",
        licence=OGL,
        url=LAIT_URL,
        publisher_key="dfe",
        layout="CSV with a header row, multi-line quoted fields",
    ),
    Source(
        name="dfe_lait_la_code_list",
        raw_table="dfe_lait_la_code_list",
        glob=f"{LAIT_DIR}/dfe_lait_la_code_list.csv",
        parser=published_csv.parser_for(["LA Number", "LA Name", "Region", "Type"]),
        description=(
            "LAIT's list of areas: old 3-digit LA number, name, region and type (ILB, OLB, MD, "
            "UA, SC; NA for regions, inner/outer London and England), merged LAs included."
        ),
        publisher=LAIT,
        title="Local Authority Interactive Tool: LA code list",
        licence=OGL,
        url=LAIT_URL,
        publisher_key="dfe",
        layout="CSV with a header row (a workbook sheet saved as CSV, values unchanged)",
    ),
    Source(
        name="dfe_statistical_neighbours",
        raw_table="dfe_statistical_neighbours",
        glob=f"{LAIT_DIR}/dfe_statistical_neighbours_may2025.xlsx",
        parser=dfe_lait.parse_statistical_neighbours,
        description=(
            "Children's services statistical neighbours, May 2025 (sheet 'LA SN Groups', header "
            "on row 3): ten neighbours per LA as old 3-digit LA numbers, each with its closeness "
            "band (the ten 'SNP' columns, named sn1_closeness .. sn10_closeness by position). "
            "Rows under the 'Old SNs:' heading (pre-reorganisation LAs) carry it in `section`."
        ),
        publisher="Department for Education",
        title="Children's services statistical neighbour benchmarking groups, May 2025",
        licence=OGL,
        url=LAIT_URL,
        published="2025-05",
        publisher_key="dfe",
        layout="xlsx workbook, sheet 'LA SN Groups': header on row 3, one row per LA",
    ),
]
