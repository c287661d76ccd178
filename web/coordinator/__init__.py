"""Coordinators: requests, assignments, ranked candidates, the pipeline, staffing."""

from flask import Blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")

from web.coordinator import audit, staffing_views, views  # noqa: E402, F401  (register the routes on bp)
