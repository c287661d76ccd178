"""Bulk import of JSON Lines, with the command's rules: all or nothing, errors by line."""

from __future__ import annotations

from flask import current_app

from web.api import api
from web.api.operations import NDJSON
from web.api.schemas import ImportResult
from web.db import get_session
from web.services import bulk

TAG = "Import"


def _import(kind: bulk.Kind, body: bytes) -> ImportResult:
    result = bulk.import_records(
        session=get_session(),
        kind=kind,
        raw=body.splitlines(keepends=True),
        max_line_bytes=current_app.config["SETTINGS"].import_max_line_bytes,
    )
    return ImportResult(kind=kind, created=result.created, updated=result.updated)


@api.route("/import/experts", "POST", tag=TAG, media=NDJSON, response=ImportResult)
def import_experts(body: bytes) -> ImportResult:
    """Import experts from JSON Lines: one FORMATS.md expert a line, upserted by id.

    All or nothing: if any line is bad, nothing is imported and the problem's `errors` lists
    every bad line as `line N: field: problem`.
    """
    return _import("experts", body)


@api.route("/import/assignments", "POST", tag=TAG, media=NDJSON, response=ImportResult)
def import_assignments(body: bytes) -> ImportResult:
    """Import assignments from JSON Lines: one FORMATS.md assignment a line, upserted by id.

    All or nothing, as for experts. New assignments are published.
    """
    return _import("assignments", body)
