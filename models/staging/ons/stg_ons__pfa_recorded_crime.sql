{%- set offence_columns = [
    'total_recorded_crime_excluding_fraud', 'violence_against_the_person', 'homicide',
    'violence_with_injury', 'violence_without_injury', 'stalking_and_harassment',
    'death_or_serious_injury_unlawful_driving', 'sexual_offences', 'robbery', 'theft_offences',
    'burglary', 'residential_burglary', 'non_residential_burglary', 'vehicle_offences',
    'theft_from_the_person', 'bicycle_theft', 'shoplifting', 'other_theft_offences',
    'criminal_damage_and_arson', 'drug_offences', 'possession_of_weapons_offences',
    'public_order_offences', 'miscellaneous_crimes_against_society',
] -%}

with source as (
    select * from {{ source('raw', 'ons_pfa_p1_recorded_crime') }}
),

long as (
    {{ unpivot(
        'source',
        ['year_ending', 'coverage_note', 'area_code', 'area_name', '_source_file', '_sheet',
         '_sha256', '_row_number', '_loaded_at'],
        offence_columns,
        'offence_group_code',
        'published_value'
    ) }}
),

renamed as (
    select
        -- ids
        case
            when nullif(trim(area_code), '') is not null then trim(area_code)
            when {{ strip_footnote_markers('area_name') }} = 'British Transport Police' then 'BTP'
        end as area_code,
        offence_group_code,
        -- dimensions
        cast(year_ending as date) as year_ending,
        {{ strip_footnote_markers('area_name') }} as area_name,
        area_name as area_name_as_published,
        case
            when trim(area_code) like 'K04%' then 'country_group'
            when trim(area_code) like 'E92%' or trim(area_code) like 'W92%' then 'country'
            when trim(area_code) like 'E12%' then 'region'
            when trim(area_code) like 'E23%' or trim(area_code) like 'W15%' then 'police_force_area'
            else 'national_force'
        end as area_level,
        coverage_note,
        -- measures
        cast({{ published_number('published_value') }} as bigint) as recorded_crimes,
        {{ published_status_symbol('published_value') }} as status_symbol,
        published_value,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _sha256 as source_sha256,
        _row_number as source_row_number,
        _loaded_at as loaded_at
    from long
)

select * from renamed
