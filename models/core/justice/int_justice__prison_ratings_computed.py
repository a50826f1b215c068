"""Prison ratings computed by Frontline from published measure values (prison_ratings.py).

Per financial year, each measure in seed justice_prison_performance_measures is rated 1-4 by
quartile within the prison's functional group (published in the ratings tables, as
comparison_type prison_<function>), the ratings are weighted into an overall score and banded
into an overall rating (frontline_stats/compare/prison_ratings.py). A group of fewer than four
reporting prisons is not rated; a prison with under half its weight rated has no rating.
"""

import pandas as pd

from frontline_stats.compare.prison_ratings import rate_prisons

COLUMNS = [
    "organisation_code", "period_key", "comparison_type", "overall_score", "overall_rating",
    "rated_measures", "is_synthetic", "source_file", "source_sheet", "source_row_number",
]  # fmt: skip


def model(dbt, session):
    dbt.config(materialized="table")
    rows = dbt.ref("int_justice__published_prison_rows").df()
    definitions = dbt.ref("justice_prison_performance_measures").df()
    measures = rows[
        (rows["table_kind"] == "prison_measure")
        & rows["match_problem"].isna()
        & rows["value"].notna()
        & rows["measure"].isin(definitions["measure"])
    ]
    polarities = dict(zip(definitions["measure"], definitions["polarity"], strict=True))
    weights = dict(zip(definitions["measure"], definitions["weight"].astype(float), strict=True))
    results = []
    for period, year in measures.groupby("period_key", sort=True):
        frame = year[["organisation_code", "comparison_type", "measure", "value"]]
        rated, overall = rate_prisons(
            frame, polarities, {function: weights for function in frame["comparison_type"]}
        )
        lineage = year.groupby(["organisation_code", "comparison_type"]).agg(
            is_synthetic=("is_synthetic", "max"),
            source_file=("source_file", "min"),
            source_sheet=("source_sheet", "min"),
            source_row_number=("source_row_number", "min"),
        )
        counts = (
            rated[rated["rating"].notna()]
            .groupby(["organisation_code", "comparison_type"])
            .size()
            .rename("rated_measures")
        )
        overall = overall.join(lineage, on=["organisation_code", "comparison_type"])
        overall = overall.join(counts, on=["organisation_code", "comparison_type"])
        overall["period_key"] = period
        results.append(overall)
    if not results:
        return pd.DataFrame(
            {
                "organisation_code": pd.Series(dtype="object"),
                "period_key": pd.Series(dtype="object"),
                "comparison_type": pd.Series(dtype="object"),
                "overall_score": pd.Series(dtype="float64"),
                "overall_rating": pd.Series(dtype="Int64"),
                "rated_measures": pd.Series(dtype="Int64"),
                "is_synthetic": pd.Series(dtype="bool"),
                "source_file": pd.Series(dtype="object"),
                "source_sheet": pd.Series(dtype="object"),
                "source_row_number": pd.Series(dtype="Int64"),
            }
        )
    out = pd.concat(results, ignore_index=True)
    out = out.rename(columns={"score": "overall_score", "rating": "overall_rating"})
    out["rated_measures"] = out["rated_measures"].fillna(0).astype("Int64")
    out["source_row_number"] = out["source_row_number"].astype("Int64")
    out["is_synthetic"] = out["is_synthetic"].astype(bool)
    return out[COLUMNS]
