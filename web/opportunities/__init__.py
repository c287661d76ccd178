"""Published opportunities, open to everyone; applications."""

from flask import Blueprint

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")
