"""The landing page."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str:
    """Show what Counterpart is and where each kind of visitor goes next."""
    return render_template("main/index.html")
