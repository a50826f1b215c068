"""Where each compared organisation is: the mean of its area's district centroids.

The method is frontline_stats/levers/centroids.py: a district-coded organisation gets its
district's centroid, a county council or a school (through its LA) the mean of the county's
current districts, a police force the mean of the districts in its force area; an abolished
council the districts it rolled up into. Councils are
compared under their GSS code, which is their area, so an organisation not in dim_organisation
stands for its own area. NHS trusts carry an ICB code, which no shipped lookup resolves to
districts, so they are placed where int_health__trust_locations puts their headquarters: the
district their ODS post town names, else the county their address names; trusts it cannot
place have no centroid.
"""

from frontline_stats.levers.centroids import organisation_centroids


def model(dbt, session):
    dbt.config(materialized="table")
    compared = dbt.ref("int_comparison__positions").project("organisation_code").distinct().df()
    # the latest version of each organisation says where it is now
    registered = (
        dbt.ref("dim_organisation")
        .project("organisation_code, geography_code, valid_from")
        .df()
        .sort_values(["organisation_code", "valid_from"], ascending=[True, False])
        .drop_duplicates("organisation_code")
    )
    organisations = compared.merge(
        registered[["organisation_code", "geography_code"]], on="organisation_code", how="left"
    )
    unregistered = ~organisations["organisation_code"].isin(registered["organisation_code"])
    organisations.loc[unregistered, "geography_code"] = organisations["organisation_code"]
    trusts = dbt.ref("int_health__trust_locations").df()
    headquarters = dict(
        zip(
            trusts["organisation_code"], trusts["lad_code"].fillna(trusts["utla_code"]), strict=True
        )
    )
    placed = organisations["organisation_code"].map(headquarters)
    organisations["geography_code"] = placed.fillna(organisations["geography_code"])
    districts = (
        dbt.ref("dim_geography")
        # upper-tier rows too, so an abolished county with no districts left rolls up as well
        .filter("geography_level in ('local_authority_district', 'upper_tier_local_authority')")
        .project("geography_code, utla_code, pfa_code, is_current, current_geography_code")
        .df()
    )
    lad_centroids = dbt.ref("stg_ons__lad_centroids").project("lad_code, bng_e, bng_n").df()
    return organisation_centroids(organisations, districts, lad_centroids)
