"""Coordinators: requests, assignments, ranked candidates, the pipeline, staffing."""

from flask import Blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")

from web.coordinator import views  # noqa: E402, F401  (registers the routes on bp)
