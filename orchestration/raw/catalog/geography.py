"""Geography, population and area context: ONS mid-year estimates, the geography lookups and code
lists (one source per CSV, from the table `GEOGRAPHY_CSVS`), the English indices of deprivation
2019 (one source per File 10 sheet) and ONS's local authority clusters.

A new lookup file is a new row of `GEOGRAPHY_CSVS` (file stem, publisher, title, licence,
description, the published header line), not new code.
"""

from __future__ import annotations

from typing import NamedTuple

from orchestration.raw.landing.source import CC_BY, OGL, Source
from orchestration.raw.parsers import (
    mhclg_iod2019,
    ons_la_cluster_descriptions,
    ons_mid_year_estimates,
    published_csv,
)

MYE_WORKBOOK = "geography/raw/LAD23_Mid_Year_pop_2011_to_2023.xlsx"
MYE_LAYOUT = "xlsx workbook, sheet '{}': title rows 1-7, header on row 8, one row per area"
IOD2019_FILE_10 = "geography/imd2019/raw/File_10_IoD2019_LAD_Summaries_LowerTier.xlsx"
ONS = "Office for National Statistics"
ONS_GEO = "Office for National Statistics (Open Geography Portal)"
ONS_ELS = "Office for National Statistics (Explore Local Statistics)"
DFE = "Department for Education (EES data screener reference lists)"
MYSOCIETY = "mySociety"
MYE_URL = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
    "populationestimates/datasets/estimatesofthepopulationforenglandandwales"
)
IOD2019_URL = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019"
ELS_URL = "https://github.com/ONSdigital/explore-local-statistics-app"
# where each publisher of the geography CSVs publishes them
PUBLISHER_URLS = {
    ONS_GEO: "https://geoportal.statistics.gov.uk/",
    ONS_ELS: ELS_URL,
    DFE: "https://github.com/dfe-analytical-services/dfe-published-data-qa",
    MYSOCIETY: "https://github.com/mysociety/uk_local_authority_names_and_codes",
}

POPULATION_SOURCES: list[Source] = [
    Source(
        name="ons_mye4_population",
        raw_table="ons_mye4_population",
        glob=MYE_WORKBOOK,
        parser=ons_mid_year_estimates.parse_mye4,
        description=(
            "Sheet MYE4: population estimates for countries, regions, counties and local "
            "authority districts (2023 boundaries), mid-2011 to mid-2023."
        ),
        publisher=ONS,
        title="Mid-Year Population Estimates, England and Wales, June 2023 (MYE4)",
        licence=OGL,
        url=MYE_URL,
        published="2024-07-15",
        publisher_key="ons",
        layout=MYE_LAYOUT.format("MYE4"),
    ),
    Source(
        name="ons_mye2_persons_by_age",
        raw_table="ons_mye2_persons_by_age",
        glob=MYE_WORKBOOK,
        parser=ons_mid_year_estimates.parse_mye2_persons,
        description=(
            "Sheet 'MYE2 - Persons': mid-2023 population estimates by single year of age (0 to "
            "89, 90+) and all ages for countries, regions, counties and local authority districts "
            "(2023 boundaries). Columns are the ages as published ('0' .. '89', '90' for 90+)."
        ),
        publisher=ONS,
        title="Mid-Year Population Estimates, England and Wales, June 2023 (MYE2 - Persons)",
        licence=OGL,
        url=MYE_URL,
        published="2024-07-15",
        publisher_key="ons",
        layout=MYE_LAYOUT.format("MYE2 - Persons"),
    ),
    Source(
        name="ons_mye5_population_density",
        raw_table="ons_mye5_population_density",
        glob=MYE_WORKBOOK,
        parser=ons_mid_year_estimates.parse_mye5,
        description=(
            "Sheet MYE5: area (sq km), estimated population and people per sq. km for countries, "
            "regions, counties and local authority districts (2023 boundaries), mid-2011 to "
            "mid-2023."
        ),
        publisher=ONS,
        title="Mid-Year Population Estimates, England and Wales, June 2023 (MYE5)",
        licence=OGL,
        url=MYE_URL,
        published="2024-07-15",
        publisher_key="ons",
        layout=MYE_LAYOUT.format("MYE5"),
    ),
]


class GeographyCsv(NamedTuple):
    """One published geography CSV in data/geography/, loaded as is with its declared header."""

    stem: str  # file stem in data/geography, and the source and raw table name
    publisher_key: str
    publisher: str
    title: str
    licence: str
    description: str
    header: str  # the published header line


GEOGRAPHY_CSVS: list[GeographyCsv] = [
    GeographyCsv(
        "dfe_las_with_history",
        "dfe",
        DFE,
        "Local authorities (upper tier) with old and new codes, operation and termination dates",
        OGL,
        "DfE's list of upper-tier (education) local authorities, one row per authority: new "
        "(GSS) and old 3-digit LA code, name, dates of operation and termination, region, type "
        "and status. Terminated counties are kept (Dorset 2019, Buckinghamshire 2020, "
        "Northamptonshire 2021, Cumbria, North Yorkshire and Somerset 2023), and DfE's combined "
        "rows for split authorities ('E06000061 / E06000062') are as published.",
        "new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,"
        "entity_code,entity_description,status,old_la_code",
    ),
    GeographyCsv(
        "dfe_police_force_areas",
        "dfe",
        DFE,
        "Police force areas (codes, names, status)",
        OGL,
        "DfE's list of police force areas: GSS code, name, status and the dates active and "
        "terminated (UTF-8 with BOM).",
        "pfa_code,pfa_name,status,date_active,date_terminated",
    ),
    GeographyCsv(
        "mysociety_uk_local_authorities",
        "mysociety",
        MYSOCIETY,
        "UK Local Authority Names and Codes: uk_local_authorities (past and current) v1.6.1",
        CC_BY,
        "mySociety's UK local authorities, current (July 2025) and abolished, one row per "
        "authority: 3-letter registry code, official and nice names, GSS code and former GSS "
        "codes, start and end dates and the authority that replaced it, nation, region, type, "
        "county, combined authority, E-code (the MHCLG revenue outturn key), GOV.UK slug, "
        "2020 population and area.",
        "local-authority-code,official-name,nice-name,gss-code,start-date,end-date,replaced-by,"
        "nation,region,local-authority-type,local-authority-type-name,county-la,"
        "combined-authority,alt-names,former-gss-codes,notes,current-authority,BS-6879,ecode,"
        "even-older-register-and-code,gov-uk-slug,area,pop-2020,x,y,lat,long,powers,"
        "lower-or-unitary,mapit-area-code,ofcom,old-ons-la-code,old-register-and-code,"
        "open-council-data-id,os-file,os,snac,wdtk-id",
    ),
    GeographyCsv(
        "ons_csp19_names_codes_ew",
        "ons",
        ONS_GEO,
        "Community Safety Partnerships (December 2019) Names and Codes in England and Wales",
        OGL,
        "Community safety partnerships as at December 2019: GSS code (E22/W14), English and "
        "Welsh name.",
        "FID,CSP19CD,CSP19NM,CSP19NMW",
    ),
    *(
        GeographyCsv(
            f"ons_lad{yy}_csp{yy}_pfa{yy}_lookup_ew",
            "ons",
            ONS_GEO,
            f"LAD to CSP to Police Force Area ({edition}) Lookup in England and Wales{version}",
            OGL,
            f"Local authority district to community safety partnership to police force area "
            f"as at {edition}, England and Wales: codes and names, one row per district and "
            f"partnership.{note}",
            header,
        )
        for yy, edition, version, note, header in (
            (
                "17",
                "January 2017",
                ", V2",
                "",
                "LAD17CD,LAD17NM,CSP17CD,CSP17NM,PFA17CD,PFA17NM,FID",
            ),
            (
                "18",
                "December 2018",
                "",
                " Includes the W14000023 Cwm Taf partnership merger.",
                "LAD18CD,LAD18NM,CSP18CD,CSP18NM,PFA18CD,PFA18NM,FID",
            ),
            ("19", "December 2019", "", "", "FID,LAD19CD,LAD19NM,CSP19CD,CSP19NM,PFA19CD,PFA19NM"),
            (
                "23",
                "December 2023",
                "",
                " Some districts (BCP, Buckinghamshire) map to several legacy partnerships, so "
                "LAD23CD is not unique (UTF-8 with BOM).",
                "LAD23CD,LAD23NM,CSP23CD,CSP23NM,PFA23CD,PFA23NM,ObjectId",
            ),
        )
    ),
    GeographyCsv(
        "ons_lad18_rgn18_lookup_en",
        "ons",
        ONS_GEO,
        "Local Authority District to Region (December 2018) Lookup in England",
        OGL,
        "English local authority districts as at December 2018 with their region (E12).",
        "LAD18CD,LAD18NM,RGN18CD,RGN18NM,FID",
    ),
    GeographyCsv(
        "ons_lad19_ctry19_lookup_uk",
        "ons",
        ONS_GEO,
        "Local Authority District to Country (April 2019) Lookup in the United Kingdom",
        OGL,
        "UK local authority districts as at 1 April 2019 with their country (E92, W92, S92, N92).",
        "FID,LAD19CD,LAD19NM,CTRY19CD,CTRY19NM",
    ),
    GeographyCsv(
        "ons_lad23_names_centroids_uk",
        "ons",
        ONS_GEO,
        "Local Authority Districts (December 2023) Boundaries UK BFC: attributes (no geometry)",
        OGL,
        "UK local authority districts as at December 2023: code, English and Welsh name, "
        "British National Grid and latitude/longitude centroid, area and perimeter of the "
        "boundary (attributes only, no geometry; UTF-8 with BOM).",
        "FID,LAD23CD,LAD23NM,LAD23NMW,BNG_E,BNG_N,LONG,LAT,Shape__Area,Shape__Length,GlobalID",
    ),
    GeographyCsv(
        "ons_ltla19_utla19_lookup_ew",
        "ons",
        ONS_GEO,
        "Lower Tier to Upper Tier Local Authority (April 2019) Lookup in England and Wales",
        OGL,
        "Lower-tier local authorities as at 1 April 2019 with their upper-tier authority "
        "(a unitary authority is its own upper tier), England and Wales.",
        "FID,LTLA19CD,LTLA19NM,UTLA19CD,UTLA19NM",
    ),
    GeographyCsv(
        "ons_la_clusters_allocation",
        "ons",
        ONS_ELS,
        "Local authority clusters: global, economic and demographic cluster allocation",
        OGL,
        "ONS Explore Local Statistics local authority clusters: each area's global, economic "
        "and demographic cluster (A-D; '[x]' = none), 2024/25 release (UTF-8 with BOM).",
        "AREACD,AREANM,Global,Economic,Demographic",
    ),
    *(
        GeographyCsv(
            f"ons_la_nearest_neighbours_{kind}",
            "ons",
            ONS_ELS,
            f"Local authority statistical nearest neighbours ({kind}): the 20 most similar areas",
            OGL,
            f"ONS Explore Local Statistics local authority nearest neighbours ({kind}), wide: "
            "AREACD, then columns 1 .. 20 holding the 20 most similar areas in order, upper-tier "
            "areas included (UTF-8 with BOM).",
            "AREACD," + ",".join(str(rank) for rank in range(1, 21)),
        )
        for kind in ("global", "economic", "demographic")
    ),
    GeographyCsv(
        "ons_pfa19_names_codes_uk",
        "ons",
        ONS_GEO,
        "Police Force Areas (December 2019) Names and Codes in the United Kingdom",
        OGL,
        "Police force areas as at December 2019: GSS code and name (England E23, Wales W15, "
        "and one row each for Scotland, Northern Ireland, the Isle of Man and the Channel "
        "Islands).",
        "FID,PFA19CD,PFA19NM",
    ),
    GeographyCsv(
        "ons_rgn19_names_codes_en",
        "ons",
        ONS_GEO,
        "Regions (December 2019) Names and Codes in England",
        OGL,
        "The nine English regions as at December 2019: GSS code (E12), English and Welsh name.",
        "FID,RGN19CD,RGN19NM,RGN19NMW",
    ),
]


# Data rows of each fixed edition (a named ONS edition, mySociety v1.6.1, ONS's published
# cluster and neighbour sets), so a truncated copy fails in one line instead of landing in part
# (a cut at a line boundary leaves nothing else to see). Counted from the shipped files; they
# agree with what each edition covers (361 UK districts in December 2023, 9 English regions,
# 382 UK districts in April 2019). DfE's reference lists are not here: DfE updates them in place.
GEOGRAPHY_EDITION_ROWS: dict[str, int] = {
    "mysociety_uk_local_authorities": 470,
    "ons_csp19_names_codes_ew": 314,
    "ons_lad17_csp17_pfa17_lookup_ew": 348,
    "ons_lad18_csp18_pfa18_lookup_ew": 348,
    "ons_lad18_rgn18_lookup_en": 326,
    "ons_lad19_csp19_pfa19_lookup_ew": 342,
    "ons_lad19_ctry19_lookup_uk": 382,
    "ons_lad23_csp23_pfa23_lookup_ew": 332,
    "ons_lad23_names_centroids_uk": 361,
    "ons_ltla19_utla19_lookup_ew": 339,
    "ons_la_clusters_allocation": 361,
    "ons_la_nearest_neighbours_global": 397,
    "ons_la_nearest_neighbours_economic": 397,
    "ons_la_nearest_neighbours_demographic": 397,
    "ons_pfa19_names_codes_uk": 47,
    "ons_rgn19_names_codes_en": 9,
}


def _geography_source(csv: GeographyCsv) -> Source:
    return Source(
        name=csv.stem,
        raw_table=csv.stem,
        glob=f"geography/{csv.stem}.csv",
        parser=published_csv.parser_for(csv.header.split(",")),
        description=csv.description,
        publisher=csv.publisher,
        title=csv.title,
        licence=csv.licence,
        url=PUBLISHER_URLS[csv.publisher],
        publisher_key=csv.publisher_key,
        layout="CSV with the published header row, loaded as is",
        expected_rows=GEOGRAPHY_EDITION_ROWS.get(csv.stem),
    )


def _iod2019_source(sheet: str) -> Source:
    """One File 10 sheet -> raw.mhclg_iod2019_lad_summaries_<domain> (columns differ by sheet)."""
    suffix = mhclg_iod2019.SHEETS[sheet][0]
    return Source(
        name=f"mhclg_iod2019_lad_summaries_{suffix}",
        raw_table=f"mhclg_iod2019_lad_summaries_{suffix}",
        glob=IOD2019_FILE_10,
        parser=mhclg_iod2019.sheet_parser(sheet),
        description=(
            f"Sheet {sheet} of File 10 of the English indices of deprivation 2019: summaries for "
            "each 2019 local authority district (average rank and score, proportion of LSOAs in "
            "the most deprived 10% nationally, with ranks; 1 = most deprived)."
        ),
        publisher="Ministry of Housing, Communities and Local Government",
        title=f"English indices of deprivation 2019, File 10: LAD summaries, sheet {sheet}",
        licence=OGL,
        url=IOD2019_URL,
        published="2019-09-26",
        publisher_key="mhclg",
        layout=f"xlsx workbook, sheet '{sheet}': header on row 1, one row per 2019 district",
    )


GEOGRAPHY_SOURCES: list[Source] = [
    *POPULATION_SOURCES,
    *(_geography_source(csv) for csv in GEOGRAPHY_CSVS),
    *(_iod2019_source(sheet) for sheet in mhclg_iod2019.SHEETS),
    Source(
        name="ons_la_cluster_descriptions",
        raw_table="ons_la_cluster_descriptions",
        glob="geography/ons_la_cluster_descriptions.json",
        parser=ons_la_cluster_descriptions.parse,
        description=(
            "Text description of each ONS local authority cluster (global, economic, "
            "demographic; clusters a-d), one row per cluster from the published JSON object."
        ),
        publisher=ONS_ELS,
        title="Local authority clusters: cluster descriptions",
        licence=OGL,
        url=ELS_URL,
        publisher_key="ons",
        layout="JSON object: cluster kind -> cluster letter -> description text",
    ),
]
