"""Every published source the raw layer loads: where its files are, how to read them, provenance.

Provenance (publisher, title, licence) is from data/PROVENANCE.md. Police, population,
geography and context sources are declared here; each later sector keeps its own list
(catalog_health.py, catalog_education.py, catalog_local_gov.py, catalog_justice.py) and this
module joins them. The geography CSVs are one source per file, generated from the declared table
`GEOGRAPHY_CSVS` below (file stem, publisher, title, licence, the published header line), so a new
lookup file is a new row, not new code.
"""

from __future__ import annotations

from orchestration.raw import (
    ho_police_workforce,
    mhclg_iod2019,
    ons_la_cluster_descriptions,
    ons_mid_year_estimates,
    ons_pfa_tables,
    police_uk_street,
    published_csv,
)
from orchestration.raw.catalog_education import EDUCATION_SOURCES
from orchestration.raw.catalog_health import HEALTH_SOURCES
from orchestration.raw.catalog_justice import JUSTICE_SOURCES
from orchestration.raw.catalog_local_gov import LOCAL_GOV_SOURCES
from orchestration.raw.source import CC_BY, OGL, Source

ONS_PFA = "Office for National Statistics (police recorded crime supplied by the Home Office)"
PFA_TABLES = "police/ons_pfa_tables/*.xlsx"
MYE_WORKBOOK = "geography/raw/LAD23_Mid_Year_pop_2011_to_2023.xlsx"
IOD2019_FILE_10 = "geography/imd2019/raw/File_10_IoD2019_LAD_Summaries_LowerTier.xlsx"

_SOURCES: list[Source] = [
    Source(
        name="ons_pfa_p1_recorded_crime",
        raw_table="ons_pfa_p1_recorded_crime",
        glob=PFA_TABLES,
        parser=ons_pfa_tables.parse_p1,
        edition_columns=("year_ending",),
        description=(
            "Table P1 of each quarterly workbook: 12-month rolling counts of police recorded "
            "crime by offence group for England and Wales, regions and police force areas. "
            "'..' = not available (Greater Manchester from the year ending September 2019)."
        ),
        publisher=ONS_PFA,
        title="Crime in England and Wales: Police force area data tables, Table P1",
        licence=OGL,
    ),
    Source(
        name="ons_pfa_p9_population",
        raw_table="ons_pfa_p9_population",
        # Only the year ending March 2018 edition publishes Table P9.
        glob="police/ons_pfa_tables/policeforceareatablesyearendingmarch2018v2.xlsx",
        parser=ons_pfa_tables.parse_p9,
        description=(
            "Table P9: mid-year population estimates for police force areas, English regions "
            "and Wales, mid-2002 to mid-2016, rounded to the nearest 100."
        ),
        publisher="Office for National Statistics",
        title="Crime in England and Wales: Police force area data tables, Table P9",
        licence=OGL,
    ),
    Source(
        name="ons_mye4_population",
        raw_table="ons_mye4_population",
        glob=MYE_WORKBOOK,
        parser=ons_mid_year_estimates.parse_mye4,
        description=(
            "Sheet MYE4: population estimates for countries, regions, counties and local "
            "authority districts (2023 boundaries), mid-2011 to mid-2023."
        ),
        publisher="Office for National Statistics",
        title="Mid-Year Population Estimates, England and Wales, June 2023 (MYE4)",
        licence=OGL,
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
        publisher="Office for National Statistics",
        title="Mid-Year Population Estimates, England and Wales, June 2023 (MYE2 - Persons)",
        licence=OGL,
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
        publisher="Office for National Statistics",
        title="Mid-Year Population Estimates, England and Wales, June 2023 (MYE5)",
        licence=OGL,
    ),
    Source(
        name="ho_police_workforce",
        raw_table="ho_police_workforce",
        glob="police/raw/open-data-table-police-workforce-260723.ods",
        parser=ho_police_workforce.parse,
        description=(
            "Sheet Data: headcount and FTE by force, sex, rank and worker type as at 31 March, "
            "2007 to 2023 (43 territorial forces and British Transport Police)."
        ),
        publisher="Home Office",
        title="Police workforce, England and Wales: open data table (published 26 July 2023)",
        licence=OGL,
    ),
    Source(
        name="police_uk_street_crime",
        raw_table="police_uk_street_crime",
        glob="police/police_uk_street/*-street.csv",
        parser=police_uk_street.parse,
        description=(
            "Street-level crimes and anti-social behaviour, one CSV per force per month "
            "(locations anonymised to a nearby point); partitioned by month."
        ),
        publisher="Home Office / data.police.uk",
        title="data.police.uk street-level crime",
        licence=OGL,
        partitioned_by_month=True,
    ),
    Source(
        name="oflog_adult_social_care_metrics",
        raw_table="oflog_adult_social_care_metrics",
        glob="local_gov/oflog_adult_social_care_metrics_2015-16_2022-23.csv",
        parser=published_csv.parser_for(
            "Financial year,Local authority code,Local authority name,Grouping,Entity_Name,"
            "Region,Measure,Code,Value,rank_order".split(",")
        ),
        description=(
            "Adult social care metrics for upper-tier councils, one row per authority, year and "
            "measure (ASC1..ASC7), with Oflog's rank_order giving which direction is better. "
            "Oflog's derived MEDIAN and MADs_from_median columns are not in the shipped copy."
        ),
        publisher="Office for Local Government (Oflog), DLUHC",
        title="Oflog Local Authority Data Explorer: adult social care metrics 2015-16 to 2022-23",
        licence=OGL,
    ),
]

ONS_GEO = "Office for National Statistics (Open Geography Portal)"
DFE = "Department for Education (EES data screener reference lists)"
MYSOCIETY = "mySociety"
ONS_ELS = "Office for National Statistics (Explore Local Statistics)"

# (file stem in data/geography, publisher, title, licence, published header line)
GEOGRAPHY_CSVS: list[tuple[str, str, str, str, str]] = [
    (
        "dfe_lad_la_region_hierarchy_by_year",
        "Department for Education (dfeR geo_hierarchy, built from ONS lookups; LAD-level rows)",
        "LAD to local authority, devolved area, region and country, with first/last year",
        OGL,
        "lad_code,lad_name,old_la_code,new_la_code,la_name,english_devolved_area_code,"
        "english_devolved_area_name,region_code,region_name,country_code,country_name,"
        "first_available_year_included,most_recent_year_included",
    ),
    (
        "dfe_lads_with_history",
        DFE,
        "Local authority districts with introduction and termination dates",
        OGL,
        "lad_code,lad_name,date_of_introduction,date_of_termination,status",
    ),
    (
        "dfe_las_with_history",
        DFE,
        "Local authorities (upper tier) with old and new codes, operation and termination dates",
        OGL,
        "new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,"
        "entity_code,entity_description,status,old_la_code",
    ),
    (
        "dfe_police_force_areas",
        DFE,
        "Police force areas (codes, names, status)",
        OGL,
        "pfa_code,pfa_name,status,date_active,date_terminated",
    ),
    (
        "mysociety_lookup_gss_to_registry",
        MYSOCIETY,
        "UK Local Authority Names and Codes: GSS code to local authority registry code",
        CC_BY,
        "gss-code,local-authority-code",
    ),
    (
        "mysociety_uk_local_authorities",
        MYSOCIETY,
        "UK Local Authority Names and Codes: uk_local_authorities (past and current) v1.6.1",
        CC_BY,
        "local-authority-code,official-name,nice-name,gss-code,start-date,end-date,replaced-by,"
        "nation,region,local-authority-type,local-authority-type-name,county-la,"
        "combined-authority,alt-names,former-gss-codes,notes,current-authority,BS-6879,ecode,"
        "even-older-register-and-code,gov-uk-slug,area,pop-2020,x,y,lat,long,powers,"
        "lower-or-unitary,mapit-area-code,ofcom,old-ons-la-code,old-register-and-code,"
        "open-council-data-id,os-file,os,snac,wdtk-id",
    ),
    (
        "ons_csp19_names_codes_ew",
        ONS_GEO,
        "Community Safety Partnerships (December 2019) Names and Codes in England and Wales",
        OGL,
        "FID,CSP19CD,CSP19NM,CSP19NMW",
    ),
    (
        "ons_lad17_csp17_pfa17_lookup_ew",
        ONS_GEO,
        "LAD to CSP to Police Force Area (January 2017) Lookup in England and Wales, V2",
        OGL,
        "LAD17CD,LAD17NM,CSP17CD,CSP17NM,PFA17CD,PFA17NM,FID",
    ),
    (
        "ons_lad18_csp18_pfa18_lookup_ew",
        ONS_GEO,
        "LAD to CSP to Police Force Area (December 2018) Lookup in England and Wales",
        OGL,
        "LAD18CD,LAD18NM,CSP18CD,CSP18NM,PFA18CD,PFA18NM,FID",
    ),
    (
        "ons_lad18_rgn18_lookup_en",
        ONS_GEO,
        "Local Authority District to Region (December 2018) Lookup in England",
        OGL,
        "LAD18CD,LAD18NM,RGN18CD,RGN18NM,FID",
    ),
    (
        "ons_lad19_csp19_pfa19_lookup_ew",
        ONS_GEO,
        "LAD to CSP to Police Force Area (December 2019) Lookup in England and Wales",
        OGL,
        "FID,LAD19CD,LAD19NM,CSP19CD,CSP19NM,PFA19CD,PFA19NM",
    ),
    (
        "ons_lad19_ctry19_lookup_uk",
        ONS_GEO,
        "Local Authority District to Country (April 2019) Lookup in the United Kingdom",
        OGL,
        "FID,LAD19CD,LAD19NM,CTRY19CD,CTRY19NM",
    ),
    (
        "ons_lad20_cty20_lookup_en",
        ONS_GEO,
        "Local Authority District to County (April 2020) Lookup in England",
        OGL,
        "FID,LAD20CD,LAD20NM,CTY20CD,CTY20NM",
    ),
    (
        "ons_lad21_cty21_lookup_en",
        ONS_GEO,
        "Local Authority District to County (April 2021) Lookup in England",
        OGL,
        "FID,LAD21CD,LAD21NM,CTY21CD,CTY21NM",
    ),
    (
        "ons_lad23_csp23_pfa23_lookup_ew",
        ONS_GEO,
        "LAD to CSP to Police Force Area (December 2023) Lookup in England and Wales",
        OGL,
        "LAD23CD,LAD23NM,CSP23CD,CSP23NM,PFA23CD,PFA23NM,ObjectId",
    ),
    (
        "ons_lad23_names_centroids_uk",
        ONS_GEO,
        "Local Authority Districts (December 2023) Boundaries UK BFC: attributes (no geometry)",
        OGL,
        "FID,LAD23CD,LAD23NM,LAD23NMW,BNG_E,BNG_N,LONG,LAT,Shape__Area,Shape__Length,GlobalID",
    ),
    (
        "ons_ltla19_utla19_lookup_ew",
        ONS_GEO,
        "Lower Tier to Upper Tier Local Authority (April 2019) Lookup in England and Wales",
        OGL,
        "FID,LTLA19CD,LTLA19NM,UTLA19CD,UTLA19NM",
    ),
    (
        "ons_la_clusters_allocation",
        ONS_ELS,
        "Local authority clusters: global, economic and demographic cluster allocation",
        OGL,
        "AREACD,AREANM,Global,Economic,Demographic",
    ),
    *(
        (
            f"ons_la_nearest_neighbours_{kind}",
            ONS_ELS,
            f"Local authority statistical nearest neighbours ({kind}): the 20 most similar areas",
            OGL,
            "AREACD," + ",".join(str(rank) for rank in range(1, 21)),
        )
        for kind in ("global", "economic", "demographic")
    ),
    (
        "ons_pfa19_names_codes_uk",
        ONS_GEO,
        "Police Force Areas (December 2019) Names and Codes in the United Kingdom",
        OGL,
        "FID,PFA19CD,PFA19NM",
    ),
    (
        "ons_rgn19_names_codes_en",
        ONS_GEO,
        "Regions (December 2019) Names and Codes in England",
        OGL,
        "FID,RGN19CD,RGN19NM,RGN19NMW",
    ),
]


# Data rows of each fixed edition (a named ONS edition, mySociety v1.6.1, ONS's published
# cluster and neighbour sets), so a truncated copy fails in one line instead of landing in part
# (a cut at a line boundary leaves nothing else to see). Counted from the shipped files; they
# agree with what each edition covers (361 UK districts in December 2023, 9 English regions,
# 382 UK districts in April 2019). DfE's reference lists are not here: DfE updates them in place.
GEOGRAPHY_EDITION_ROWS: dict[str, int] = {
    "mysociety_lookup_gss_to_registry": 483,
    "mysociety_uk_local_authorities": 470,
    "ons_csp19_names_codes_ew": 314,
    "ons_lad17_csp17_pfa17_lookup_ew": 348,
    "ons_lad18_csp18_pfa18_lookup_ew": 348,
    "ons_lad18_rgn18_lookup_en": 326,
    "ons_lad19_csp19_pfa19_lookup_ew": 342,
    "ons_lad19_ctry19_lookup_uk": 382,
    "ons_lad20_cty20_lookup_en": 257,
    "ons_lad21_cty21_lookup_en": 250,
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


def _geography_source(stem: str, publisher: str, title: str, licence: str, header: str) -> Source:
    return Source(
        name=stem,
        raw_table=stem,
        glob=f"geography/{stem}.csv",
        parser=published_csv.parser_for(header.split(",")),
        description=f"Published geography CSV data/geography/{stem}.csv, loaded as is.",
        publisher=publisher,
        title=title,
        licence=licence,
        expected_rows=GEOGRAPHY_EDITION_ROWS.get(stem),
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
    )


_CONTEXT_SOURCES: list[Source] = [
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
    ),
]

SOURCES: list[Source] = [
    *_SOURCES,
    *(_geography_source(*row) for row in GEOGRAPHY_CSVS),
    *_CONTEXT_SOURCES,
    *HEALTH_SOURCES,
    *EDUCATION_SOURCES,
    *LOCAL_GOV_SOURCES,
    *JUSTICE_SOURCES,
]
SOURCES_BY_NAME: dict[str, Source] = {source.name: source for source in SOURCES}
