"""Helpers of the page tests: load FORMATS.md records, read a page's text."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from sqlmodel import Session

from web.services import bulk


def load(app: Any, *, experts: list[dict], assignments: list[dict]) -> None:
    """Import experts, then assignments, as the bulk import does."""
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        for kind, records in (("experts", experts), ("assignments", assignments)):
            bulk.import_records(
                session=session,
                kind=kind,
                raw=[json.dumps(r).encode() for r in records],
                max_line_bytes=100_000,
            )


def text_of(response: Any) -> str:
    """Return the page's text, tags dropped and spaces collapsed."""
    html = response.get_data(as_text=True)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
