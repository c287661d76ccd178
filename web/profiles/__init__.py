"""Members and applicants: sign-up, their own profile, recommendations."""

from flask import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/me")
