"""Batch staffing: propose who goes where across open assignments, edit, accept; the weights."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from matcher.codes import country_name
from web.coordinator import bp
from web.coordinator.staffing_forms import ActionForm
from web.db import get_session
from web.services import staffing as staffing_service
from web.services import weights as weight_service
from web.services.errors import Conflict, ValidationFailed

SCOPES = ("all", "chosen")


def _actor() -> Any:
    return current_user._get_current_object()


def _flag(args: MultiDict[str, str], name: str) -> bool:
    return args.get(name, "") in ("1", "on", "true", "yes")


def _options(args: MultiDict[str, str]) -> staffing_service.StaffingOptions:
    """Read the batch, the cap, the switches and the edits from a query string or a form."""
    scope = args.get("scope", "all")
    if scope not in SCOPES:
        raise ValidationFailed(f"The scope is all or chosen, not {scope!r}.", field="scope")
    ids = tuple(a for a in args.getlist("assignment") if a) if scope == "chosen" else ()
    if scope == "chosen" and not ids:
        raise ValidationFailed(
            "Choose at least one assignment, or all open ones.", field="assignment"
        )
    raw = args.get("max_per_expert", "1").strip() or "1"
    if not raw.isdigit():
        raise ValidationFailed(
            f"The offers per expert must be a whole number, not {raw!r}.", field="max_per_expert"
        )
    ran = "run" in args
    return staffing_service.StaffingOptions(
        assignment_ids=ids,
        max_per_expert=int(raw),
        pair_first_timers=_flag(args, "pair_first_timers"),
        teams=_flag(args, "teams") if ran else True,
        locked=tuple(args.getlist("lock")),
        forbidden=tuple(args.getlist("forbid")),
    ).validate()


def _query(
    options: staffing_service.StaffingOptions, locked: list[str], forbidden: list[str]
) -> dict[str, Any]:
    """Return the query string of a proposal: what to rebuild it from."""
    query: dict[str, Any] = {
        "run": 1,
        "scope": "chosen" if options.assignment_ids else "all",
        "max_per_expert": options.max_per_expert,
        "lock": locked,
        "forbid": forbidden,
    }
    if options.assignment_ids:
        query["assignment"] = list(options.assignment_ids)
    if options.pair_first_timers:
        query["pair_first_timers"] = 1
    if options.teams:
        query["teams"] = 1
    return query


def _editor(query: dict[str, Any]) -> Any:
    """Return edit_url(): the proposal's address with pairs kept, set aside or let go."""

    def edit_url(
        *, keep: tuple[str, ...] = (), set_aside: tuple[str, ...] = (), drop: tuple[str, ...] = ()
    ) -> str:
        locked = [p for p in query["lock"] if p not in drop and p not in set_aside]
        forbidden = [p for p in query["forbid"] if p not in drop]
        return url_for(
            ".staffing",
            **{
                **query,
                "lock": list(dict.fromkeys([*locked, *keep])),
                "forbid": list(dict.fromkeys([*forbidden, *set_aside])),
            },
        )

    return edit_url


@bp.get("/staffing")
def staffing() -> str:
    """Choose assignments and run the solver; show the proposal, greedy beside it, and why not."""
    session = get_session()
    options = _options(request.args)
    proposal = None
    if "run" in request.args:
        proposal = staffing_service.propose(session=session, options=options)
    query = _query(options, proposal.locked, proposal.forbidden) if proposal else {}
    return render_template(
        "coordinator/staffing.html",
        choices=staffing_service.open_assignments(session=session),
        options=options,
        proposal=proposal,
        query=query,
        edit_url=_editor(query) if proposal else None,
        form=ActionForm(),
        max_offers=staffing_service.MAX_OFFERS,
        pair_text=staffing_service.pair_text,
        country_name=country_name,
    )


@bp.post("/staffing/accept")
def staffing_accept() -> Response:
    """Turn accepted proposals into shortlisted candidates, then show the proposal again."""
    options = _options(request.form)
    which = request.form.get("accept", "selected")
    if which not in ("all", "selected"):
        raise ValidationFailed(f"Accept all or selected, not {which!r}.", field="accept")
    pairs = request.form.getlist("proposed" if which == "all" else "pair")
    accepted = staffing_service.accept(
        session=get_session(), options=options, pairs=pairs, actor=_actor()
    )
    moved = len(accepted.shortlisted)
    message = f"{moved} proposal{'s' * (moved != 1)} shortlisted (from batch staffing)."
    if accepted.unchanged:
        message += f" {len(accepted.unchanged)} already further along, left as they were."
    flash(message, "success")
    # The accepted pairs stay in the proposal shown next.
    locked = list(dict.fromkeys([*options.locked, *accepted.pairs]))
    return redirect(url_for(".staffing", **_query(options, locked, list(options.forbidden))))


def _weights_page(error: str = "", status: int = 200) -> tuple[str, int]:
    overview = weight_service.overview(session=get_session())
    html = render_template(
        "coordinator/weights.html",
        overview=overview,
        error=error,
        form=ActionForm(),
        component_help=weight_service.COMPONENT_HELP,
        metric_help=weight_service.METRIC_HELP,
        minimum=(weight_service.MIN_DECISIONS, weight_service.MIN_ASSIGNMENTS),
        passed_over=weight_service.PASSED_OVER,
    )
    return html, status


@bp.get("/weights")
def weights() -> tuple[str, int]:
    """Show the active weights, the learned sets with before/after, and the way back."""
    return _weights_page()


def _weights_action(act: Callable[[], str]) -> tuple[str, int] | Response:
    """Run a change of weights; say what it did, or show the page with why it was refused."""
    try:
        message = act()
    except (ValidationFailed, Conflict) as exc:
        get_session().rollback()
        return _weights_page(str(exc), exc.status)
    flash(message, "success")
    return redirect(url_for(".weights"))


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


@bp.post("/weights/learn")
def learn_weights() -> tuple[str, int] | Response:
    """Learn a weight set from the recorded decisions; it is kept, not yet active."""

    def learn() -> str:
        row = weight_service.learn(session=get_session(), actor=_actor())
        before, after = row.metrics["before"], row.metrics["after"]
        return (
            f"{row.name} learned: on the held-out decisions it orders "
            f"{_share(after['pairwise'])} of pairs right, against {_share(before['pairwise'])} "
            "with the active weights."
        )

    return _weights_action(learn)


@bp.post("/weights/<int:weight_set_id>/activate")
def activate_weights(weight_set_id: int) -> tuple[str, int] | Response:
    """Activate a learned set, refused when it orders the held-out decisions worse."""

    def activate() -> str:
        row = weight_service.activate(
            session=get_session(), weight_set_id=weight_set_id, actor=_actor()
        )
        return f"{row.name} is active: every ranking uses it from now on."

    return _weights_action(activate)


@bp.post("/weights/back")
def weights_go_back() -> tuple[str, int] | Response:
    """Re-activate the weights that were active before."""

    def go_back() -> str:
        entry = weight_service.go_back(session=get_session(), actor=_actor())
        return f"Back to {entry.name}: every ranking uses them from now on."

    return _weights_action(go_back)
