"""`frontline synthetic ...`: the synthetic input generators as commands of the one CLI.

Each writes files marked synthetic (a ``<file>.synthetic.json`` sidecar beside each) into a data
folder: FRONTLINE_DATA_DIR, else the checkout's data/. A run over such files writes a release of
its own, labelled synthetic, and never moves ``latest`` (orchestration/publish/release.py). The
same arguments give byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import click

from orchestration.paths import FrontlinePaths

DATA_DIR_HELP = "the data folder to write into (default: FRONTLINE_DATA_DIR, else data/)"


def _data_dir(data_dir: Path | None) -> Path:
    return data_dir or FrontlinePaths.from_env().data_dir


@click.group("synthetic")
def synthetic_group() -> None:
    """Write synthetic input files (labelled so; a release built from them is never latest)."""


@synthetic_group.command("ncc-trust-schedules")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--trusts", default=20, show_default=True, type=int, help="how many trusts")
@click.option("--max-trusts-per-currency", default=6, show_default=True, type=int)
@click.option("--data-dir", type=click.Path(path_type=Path), help=DATA_DIR_HELP)
def ncc_trust_schedules_command(
    seed: int, trusts: int, max_trusts_per_currency: int, data_dir: Path | None
) -> int:
    """NHS trust-level cost schedules drawn around the national schedule (the cost index's
    trust-level input, which NHS England does not publish)."""
    from orchestration.synthetic import ncc_trust_schedules

    folder = _data_dir(data_dir)
    written = ncc_trust_schedules.generate(
        folder, seed, trusts, max_trusts_per_currency=max_trusts_per_currency
    )
    click.echo(f"wrote {len(written)} synthetic trust schedules to {written[0].parent}")
    return 0


@synthetic_group.command("justice")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--data-dir", type=click.Path(path_type=Path), help=DATA_DIR_HELP)
def justice_command(seed: int, data_dir: Path | None) -> int:
    """Prison performance ratings and proven reoffending workbooks for the prisons of the
    shipped estate list, in the publishers' layouts."""
    from orchestration.synthetic import justice_performance

    folder = _data_dir(data_dir)
    written = justice_performance.generate(folder / "justice", seed, folder)
    click.echo(f"wrote {len(written)} synthetic justice workbooks under {folder / 'justice'}")
    return 0


@synthetic_group.command("street")
@click.option("--forces", default=43, show_default=True, type=click.IntRange(1, 43))
@click.option("--months", default=12, show_default=True, type=click.IntRange(min=1))
@click.option("--rows-per-file", default=11_630, show_default=True, type=click.IntRange(min=1))
@click.option("--seed", default=0, show_default=True, type=int)
@click.option(
    "--last-month", default="2022-10", show_default=True, help="the newest month (YYYY-MM)"
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="the drop folder to write into (a folder of its own: published files are never "
    "overwritten)",
)
def street_command(
    forces: int, months: int, rows_per_file: int, seed: int, last_month: str, out: Path
) -> int:
    """data.police.uk street-level files for the territorial forces at real scale: records
    drawn from the shipped Gwent and City of London files, relabelled by force and month."""
    from orchestration.synthetic import street

    try:
        written = street.generate(out, forces, months, rows_per_file, seed, last_month)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"wrote {len(written)} synthetic street files ({len(written) * rows_per_file:,} rows) "
        f"to {out}"
    )
    return 0
