"""Forms of the batch staffing and weights pages (CSRF; the lists are read by the views)."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A POST that carries nothing but its CSRF token beside the fields the view reads."""
