"""Demo data (placeholder until the generator lands)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo data (deterministic, idempotent)."""
    click.echo("No demo data yet.")
