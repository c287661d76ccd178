"""Published opportunities, open to everyone; applications."""

from flask import Blueprint

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")

from web.opportunities import views  # noqa: E402, F401  (registers the routes on bp)
