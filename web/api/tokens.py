"""Personal API tokens, in the pages: a person creates, sees and revokes their own."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import Length

from web.db import get_session
from web.services import tokens

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


class TokenForm(FlaskForm):
    name = StringField(
        "Name", validators=[Length(max=tokens.MAX_NAME)], description="What the token is for."
    )


class RevokeForm(FlaskForm):
    """Only the CSRF token: the token to revoke is in the URL."""


def _page(form: TokenForm, plain: str | None = None) -> str:
    return render_template(
        "api/tokens.html",
        form=form,
        revoke_form=RevokeForm(),
        tokens=tokens.list_tokens(session=get_session(), user=current_user),
        plain=plain,
    )


@bp.get("")
def index() -> str:
    """List the person's tokens, with a form for a new one."""
    return _page(TokenForm())


@bp.post("")
def create() -> str:
    """Create a token and show it once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form)
    plain = tokens.issue_token(
        session=get_session(), user=current_user, name=form.name.data or "", actor=current_user
    )
    return _page(TokenForm(formdata=None), plain=plain)


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int) -> Response:
    """Revoke one of the person's tokens."""
    if RevokeForm().validate_on_submit():
        token = tokens.revoke_token(session=get_session(), user=current_user, token_id=token_id)
        flash(f"Revoked the token {token.name or token.id}: it no longer works.", "success")
    else:
        flash("The form expired; try again.", "error")
    return redirect(url_for("api_tokens.index"))
