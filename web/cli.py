"""Commands of `flask --app wsgi`: bulk data, accounts, demo data, re-indexing."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlmodel import select
from tqdm import tqdm

from models import Expert, Role
from web.db import UnmigratedDatabase, database, session_scope
from web.services import accounts, bulk
from web.services.errors import ServiceError


def _ready() -> None:
    """Stop with the upgrade command when the database is not migrated."""
    try:
        database().check_migrated()
    except UnmigratedDatabase as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("import-data")
@with_appcontext
@click.argument("kind", type=click.Choice(bulk.KINDS))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--embed/--no-embed",
    default=True,
    show_default=True,
    help="After importing experts, embed their new texts (as reindex does).",
)
def import_data(kind: bulk.Kind, path: Path, embed: bool) -> None:
    """Import experts or assignments from JSON Lines: upsert by id, all or nothing.

    Experts' texts are then embedded in stored batches; if that is interrupted, the import
    stands and `reindex` (or the same import again) embeds only what is missing.
    """
    _ready()
    settings = current_app.config["SETTINGS"]
    with path.open("rb") as handle:
        raw = handle.readlines()
    try:
        with (
            session_scope() as session,
            tqdm(total=len(raw), desc=f"Importing {kind}", unit=" records", file=sys.stderr) as bar,
        ):
            result = bulk.import_records(
                session=session,
                kind=kind,
                raw=raw,
                max_line_bytes=settings.import_max_line_bytes,
                progress=bar.update,
            )
    except bulk.ImportFailed as exc:
        for line in exc.errors:
            click.echo(f"{path}: {line}", err=True)
        raise click.ClickException(f"{exc} The database is unchanged.") from exc
    click.echo(f"Imported {kind}: {result}.")
    if embed and kind == "experts":
        embed_pending()


@click.command("export-data")
@with_appcontext
@click.argument("kind", type=click.Choice(bulk.KINDS))
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_data(kind: bulk.Kind, path: Path) -> None:
    """Export experts or assignments as JSON Lines ('-' writes to standard output)."""
    _ready()
    count = 0
    with session_scope() as session:
        handle = sys.stdout if str(path) == "-" else path.open("w", encoding="utf-8")
        try:
            for record in bulk.export_records(session=session, kind=kind):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if handle is not sys.stdout:
                handle.close()
    click.echo(f"Exported {count} {kind} to {path}.", err=True)


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", default="")
def create_user(email: str, password: str, role: str, name: str) -> None:
    """Create an account with a role."""
    _ready()
    try:
        with session_scope() as session:
            user = accounts.create_user(
                session=session, email=email, password=password, role=role, name=name
            )
            click.echo(f"Created {user.role} {user.email} (id {user.id}).")
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("reindex")
@with_appcontext
@click.option("--batch", default=512, show_default=True, help="Texts encoded per stored batch.")
@click.option(
    "--compile/--no-compile",
    default=None,
    help="With the torch runtime, compile the model first (default: from 20,000 texts).",
)
def reindex(batch: int, compile: bool | None) -> None:
    """Embed every expert's texts that are not embedded yet.

    Batches are stored as they are done: after an interruption, run it again and it
    encodes only what is still missing. Each worker then builds its index from the stored
    vectors on its first ranking.
    """
    _ready()
    embed_pending(batch=batch, compile=compile)


def embed_pending(*, batch: int = 512, compile: bool | None = None) -> None:
    """Embed the texts of visible experts that have no stored vector, with a progress bar."""
    from web.services.matching import embed_texts, matching, pending_texts

    service = matching()
    started = time.perf_counter()
    with session_scope() as session:
        count = len(session.exec(select(Expert.id)).all())
        texts = pending_texts(service=service, session=session)
    embedder = service.bulk_embedder(compile=len(texts) >= 20_000 if compile is None else compile)
    click.echo(f"{count} experts; {len(texts)} texts to embed with {embedder.name}.", err=True)
    with tqdm(total=len(texts), desc="Embedding texts", unit=" texts", file=sys.stderr) as bar:
        embed_texts(embedder=embedder, texts=texts, batch=batch, progress=bar.update)
    click.echo(
        f"Embedded {len(texts)} texts of {count} experts in {time.perf_counter() - started:.0f} s."
    )


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Back up the SQLite database to FILE while the service runs (online backup API)."""
    from web.services import backup

    try:
        pages = backup.backup(engine=database().engine, target=path)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {pages} pages to {path}.")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database by the backup FILE (then run `db upgrade` if it is older)."""
    from web.services import backup

    if not yes:
        click.confirm("Replace every record of the current database by the backup?", abort=True)
    try:
        pages = backup.restore(engine=database().engine, source=path)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {pages} pages from {path}.")


@click.command("create-token")
@with_appcontext
@click.option("--email", required=True, help="The account the token acts as.")
@click.option("--name", default="script", show_default=True, help="What the token is for.")
def create_token(email: str, name: str) -> None:
    """Print a new personal API token for an account (for scripts); only its hash is kept."""
    _ready()
    from web.services import tokens

    try:
        with session_scope() as session:
            user, plain = tokens.issue_token_for_email(session=session, email=email, name=name)
            click.echo(f"Token for {user.email} ({user.role}), shown once:", err=True)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(plain)


def register(app: Flask) -> None:
    """Add every command to the app's CLI."""
    from web.demo import seed_demo

    for command in (
        import_data,
        export_data,
        create_user,
        create_token,
        reindex,
        seed_demo,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)
