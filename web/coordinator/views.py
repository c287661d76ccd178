"""The coordinator's pages: dashboard, requests, assignments, ranked candidates, the pipeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from matcher.codes import COUNTRIES, LANGUAGES, LEVELS, REGIONS, SECTORS
from models import DECLINE_REASONS, AssignmentStatus
from web.auth import safe_next
from web.coordinator import bp
from web.coordinator.forms import (
    ENGAGEMENT_LABELS,
    MODE_LABELS,
    AssignmentForm,
    RequestForm,
    StatusForm,
    StepForm,
)
from web.db import get_session
from web.services import assignments, workspace
from web.services.errors import Conflict, ValidationFailed
from web.services.ranking import CandidateFilters

Page = str | tuple[str, int]
FILTER_KEYS = ("kind", "engagement", "country", "region", "language", "level")
FLAGS = ("available", "ineligible")


def _actor() -> Any:
    return current_user._get_current_object()


@bp.context_processor
def code_tables() -> dict[str, Any]:
    """Offer the code tables and their names to every coordinator template."""
    return {
        "countries": sorted(COUNTRIES.items(), key=lambda item: item[1]),
        "languages": sorted(LANGUAGES.items(), key=lambda item: item[1]),
        "levels": LEVELS,
        "regions": sorted(set(REGIONS.values())),
        "sectors": SECTORS,
        "engagements": ENGAGEMENT_LABELS,
        "modes": MODE_LABELS,
        "decline_reasons": DECLINE_REASONS,
        "country_name": lambda code: COUNTRIES.get(code, code),
        "language_name": lambda code: LANGUAGES.get(code, code),
    }


@bp.get("/")
def dashboard() -> str:
    """Show every open assignment with its staffing state, most urgent first."""
    board = workspace.dashboard(session=get_session(), include_closed=_flag(request.args, "closed"))
    return render_template("coordinator/dashboard.html", board=board, today=date.today())


@bp.route("/requests", methods=["GET", "POST"])
def requests() -> Page:
    """List partner requests; record a new one."""
    session = get_session()
    form = RequestForm()
    status = 200
    if form.validate_on_submit():
        data = assignments.RequestInput(
            partner=form.partner.data or "",
            title=form.title.data or "",
            description=form.description.data or "",
            country=form.country.data or "",
            sector=form.sector.data or "",
            received_on=form.received_on.data,
        )
        try:
            created = assignments.create_request(session=session, data=data, actor=_actor())
        except ValidationFailed as exc:
            _attach(form, exc)
        else:
            flash(f"Request “{created.title}” recorded.", "success")
            return redirect(url_for(".request_detail", request_id=created.id))
    if form.is_submitted():
        status = 422
    rows = assignments.list_requests(session=session)
    partners = workspace.partner_names(session=session)
    html = render_template("coordinator/requests.html", rows=rows, form=form, partners=partners)
    return html, status


def _attach(form: Any, exc: ValidationFailed) -> None:
    field = form._fields.get(exc.field or "")
    if field is None:
        form.form_errors.append(str(exc))
    else:
        field.errors = [*field.errors, str(exc)]


@bp.get("/requests/<int:request_id>")
def request_detail(request_id: int) -> str:
    """Show a partner request with the assignments made from it."""
    detail = workspace.request_detail(session=get_session(), request_id=request_id)
    return render_template("coordinator/request.html", detail=detail)


@bp.route("/assignments/new", methods=["GET", "POST"], defaults={"request_id": None})
@bp.route("/requests/<int:request_id>/assignments/new", methods=["GET", "POST"])
def new_assignment(request_id: int | None) -> Page | Response:
    """Create an assignment, from a partner request when one is named."""
    session = get_session()
    form = AssignmentForm()
    partner_request = None
    if request_id is not None:
        partner_request, partner = workspace.get_request(session=session, request_id=request_id)
        if not form.is_submitted():
            form.title.data = partner_request.title
            form.description.data = partner_request.description
            form.partner.data = partner.name
            form.country.data = partner_request.country or partner.country
            form.sector.data = partner_request.sector
    return _save_assignment(form, assignment_id="", request_id=request_id, context=partner_request)


@bp.route("/assignments/<assignment_id>/edit", methods=["GET", "POST"])
def edit_assignment(assignment_id: str) -> Page | Response:
    """Change an assignment; its candidates are rematched and their decisions kept."""
    assignment, partner = workspace.assignment_form_data(
        session=get_session(), assignment_id=assignment_id
    )
    form = AssignmentForm()
    if not form.is_submitted():
        form.fill(assignment, partner)
    return _save_assignment(
        form, assignment_id=assignment_id, request_id=assignment.request_id, context=assignment
    )


def _save_assignment(
    form: AssignmentForm, *, assignment_id: str, request_id: int | None, context: Any
) -> Page | Response:
    if form.validate_on_submit():
        try:
            saved = workspace.save(
                session=get_session(),
                data=form.record(assignment_id),
                actor=_actor(),
                request_id=request_id,
                status=AssignmentStatus(form.status.data),
                deadline=form.deadline.data,
            )
        except ValidationFailed as exc:
            form.attach_error(exc.field, str(exc))
        else:
            if saved.created:
                flash(f"Assignment “{saved.assignment.title}” created.", "success")
            else:
                flash(
                    f"Assignment saved and rematched: the ranking reflects the change; "
                    f"{saved.rescored} candidate{'s' * (saved.rescored != 1)} rescored, "
                    "their pipeline decisions kept.",
                    "success",
                )
            return redirect(url_for(".assignment", assignment_id=saved.assignment.id))
    html = render_template(
        "coordinator/assignment_form.html",
        form=form,
        assignment_id=assignment_id,
        context=context,
        request_id=request_id,
        partners=workspace.partner_names(session=get_session()),
    )
    return html, 422 if form.is_submitted() else 200


@bp.post("/assignments/<assignment_id>/status")
def assignment_status(assignment_id: str) -> Response:
    """Publish, unpublish or close an assignment."""
    form = StatusForm()
    if not form.validate_on_submit():
        raise ValidationFailed("Choose draft, published or closed.", field="status")
    assignment = assignments.set_status(
        session=get_session(),
        assignment_id=assignment_id,
        status=AssignmentStatus(form.status.data),
        actor=_actor(),
    )
    word = {"published": "published", "draft": "unpublished (draft)", "closed": "closed"}
    flash(f"“{assignment.title}” is {word[str(assignment.status)]}.", "success")
    return redirect(
        safe_next(request.form.get("next")) or url_for(".assignment", assignment_id=assignment_id)
    )


def _flag(args: MultiDict[str, str], name: str) -> bool:
    return args.get(name, "") in ("1", "on", "true", "yes")


def _filters(args: MultiDict[str, str]) -> CandidateFilters:
    """Read the ranked list's filters from the query string (validated by the service)."""
    values = {key: args.get(key, "").strip() for key in FILTER_KEYS}
    values["country"] = values["country"].upper()
    values["language"] = values["language"].lower()
    return CandidateFilters(
        **values,
        available=_flag(args, "available"),
        include_ineligible=_flag(args, "ineligible"),
    )


def _page_number(args: MultiDict[str, str]) -> int:
    raw = args.get("page", "1").strip() or "1"
    if not raw.isdigit():
        raise ValidationFailed(f"The page must be a number, not {raw!r}.", field="page")
    return int(raw)


def _query(args: MultiDict[str, str]) -> dict[str, str]:
    """Return the filters of the query string worth keeping in links."""
    return {key: args[key] for key in (*FILTER_KEYS, *FLAGS) if args.get(key)}


@bp.get("/assignments/<assignment_id>")
def assignment(assignment_id: str) -> str:
    """Show an assignment and its ranked candidates, with explanations, filters and paging."""
    ranked = workspace.ranked_page(
        session=get_session(),
        assignment_id=assignment_id,
        filters=_filters(request.args),
        number=_page_number(request.args),
    )
    return render_template(
        "coordinator/ranked.html",
        ranked=ranked,
        query=_query(request.args),
        per_page=workspace.PER_PAGE,
    )


@bp.get("/assignments/<assignment_id>/compare")
def compare(assignment_id: str) -> str:
    """Line up two or three candidates requirement by requirement."""
    comparison = workspace.compare(
        session=get_session(),
        assignment_id=assignment_id,
        expert_ids=request.args.getlist("expert"),
    )
    return render_template(
        "coordinator/compare.html", comparison=comparison, back=_back(assignment_id)
    )


def _back(assignment_id: str) -> str:
    """Return the ranked list to go back to (the one the person came from, if it was)."""
    default = url_for(".assignment", assignment_id=assignment_id)
    back = safe_next(request.args.get("back"))
    return back if back and back.startswith(default) else default


@bp.get("/assignments/<assignment_id>/candidates/<expert_id>")
def candidate(assignment_id: str, expert_id: str) -> str:
    """Show one candidate: profile, evidence, rules, history and the next pipeline steps."""
    return _dossier_page(assignment_id, expert_id, StepForm())


def _dossier_page(assignment_id: str, expert_id: str, form: StepForm, error: str = "") -> str:
    dossier = workspace.dossier(
        session=get_session(), assignment_id=assignment_id, expert_id=expert_id
    )
    return render_template(
        "coordinator/candidate.html",
        dossier=dossier,
        form=form,
        error=error,
        back=_back(assignment_id),
    )


@bp.post("/assignments/<assignment_id>/candidates/<expert_id>/step")
def candidate_step(assignment_id: str, expert_id: str) -> Page | Response:
    """Move a candidate through the pipeline: shortlist, invite, decline..., with a note."""
    form = StepForm()
    try:
        if not form.validate_on_submit():
            raise ValidationFailed("Say which status the candidate moves to.", field="to")
        moved = workspace.step(
            session=get_session(),
            assignment_id=assignment_id,
            expert_id=expert_id,
            change=form.change(),
            actor=_actor(),
        )
    except (ValidationFailed, Conflict) as exc:
        get_session().rollback()
        field = form._fields.get(exc.field or "")
        if field is not None:
            field.errors = [*field.errors, str(exc)]
        return _dossier_page(assignment_id, expert_id, form, error=str(exc)), exc.status
    flash(f"{moved.name}: {moved.candidate.status}.", "success")
    return redirect(
        safe_next(request.form.get("next"))
        or url_for(".candidate", assignment_id=assignment_id, expert_id=expert_id)
    )
