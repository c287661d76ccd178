"""The `seed-demo` command: realistic demo data, the same on every run."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from web.db import UnmigratedDatabase, database, session_scope
from web.services.demo import seed_demo_data


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo data (deterministic, idempotent)."""
    try:
        database().check_migrated()
    except UnmigratedDatabase as exc:
        raise click.ClickException(str(exc)) from exc
    with session_scope() as session:
        summary = seed_demo_data(session=session)
    click.echo(str(summary))
