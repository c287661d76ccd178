"""Members and applicants: sign-up, their own profile, recommendations."""

from flask import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/me")

from web.profiles import views  # noqa: E402, F401  (registers the routes on bp)
