"""The coordinator workspace: dashboard, ranked pages, a candidate's dossier, comparisons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlmodel import Session, func, select

from models import (
    DECLINE_REASONS,
    TRANSITIONS,
    Application,
    Assignment,
    AssignmentStatus,
    AuditEvent,
    Candidate,
    CandidateEvent,
    CandidateStatus,
    Expert,
    Partner,
    PartnerRequest,
    RequestStatus,
    User,
)
from web.services import candidates as candidate_service
from web.services import ranking
from web.services.assignments import get_assignment, partner_name, save_assignment
from web.services.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from matcher.rules import RuleResult
    from matcher.scoring import Evidence, Score

T = TypeVar("T")
S = CandidateStatus

PER_PAGE = 10
SOON_DAYS = 7
COMPARE_MIN, COMPARE_MAX = 2, 3
OPEN = (AssignmentStatus.DRAFT, AssignmentStatus.PUBLISHED)
# Who said yes: they fill a position.
FILLED = (S.ACCEPTED, S.ASSIGNED, S.COMPLETED)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list (numbers start at 1)."""

    items: list[T]
    number: int
    pages: int
    total: int
    first_index: int = 0  # index in the whole list of items[0]


def paginate(
    items: Sequence[T], *, number: int, per_page: int = PER_PAGE, total: int | None = None
) -> Page[T]:
    """Return page `number` of `items`; a number past the end gives the last page.

    `total` is the length of the whole list when `items` holds only its beginning (at least
    through the page asked for).
    """
    if number < 1:
        raise ValidationFailed("The page number must be 1 or more.", field="page")
    total = len(items) if total is None else total
    pages = max(1, -(-total // per_page))
    number = min(number, pages)
    start = (number - 1) * per_page
    return Page(list(items[start : start + per_page]), number, pages, total, start)


# Dashboard -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    """One thing a coordinator should do next; a lower level is more urgent."""

    level: int
    tone: str  # bad | warn | info | good
    text: str


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def relative_days(days: int) -> str:
    """Say when a date `days` from today is: 'in 3 days', 'today', '2 days ago'."""
    if days < 0:
        return f"{_plural(-days, 'day')} ago"
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def _deadline_text(days: int) -> str:
    return (
        f"Deadline passed {relative_days(days)}" if days < 0 else f"Deadline {relative_days(days)}"
    )


def attention(
    *,
    status: str,
    positions: int,
    counts: Mapping[str, int],
    applications: int,
    deadline: date | None,
    today: date,
) -> list[Attention]:
    """Say what an assignment needs next, most urgent first."""
    filled = sum(counts.get(s, 0) for s in FILLED)
    open_positions = max(positions - filled, 0)
    invited, shortlisted = counts.get(S.INVITED, 0), counts.get(S.SHORTLISTED, 0)
    items: list[Attention] = []
    if status == AssignmentStatus.CLOSED:
        return [Attention(9, "info", "Closed")]
    if open_positions == 0:
        items.append(Attention(8, "good", f"Fully staffed: {_plural(filled, 'expert')} said yes"))
    elif deadline is not None and (deadline - today).days <= SOON_DAYS:
        days = (deadline - today).days
        items.append(
            Attention(
                0 if days < 0 else 1,
                "bad" if days <= 2 else "warn",
                f"{_deadline_text(days)}, {open_positions} of {positions} "
                f"position{'s' * (positions != 1)} open",
            )
        )
    if applications:
        items.append(Attention(2, "info", f"{_plural(applications, 'new application')} to review"))
    if invited:
        items.append(Attention(2, "warn", f"{_plural(invited, 'invitation')} awaiting an answer"))
    if counts.get(S.ACCEPTED, 0):
        items.append(
            Attention(3, "info", f"{_plural(counts[S.ACCEPTED], 'acceptance')} to confirm: assign")
        )
    if open_positions and not shortlisted and not invited:
        items.append(Attention(3, "warn", "No one shortlisted yet"))
    elif open_positions and shortlisted and invited < open_positions:
        items.append(Attention(3, "info", f"{shortlisted} shortlisted: send invitations"))
    if status == AssignmentStatus.DRAFT:
        items.append(Attention(4, "info", "Draft: publish it so experts can apply"))
    return sorted(items, key=lambda item: item.level)


@dataclass(frozen=True)
class StaffingRow:
    """An assignment with its staffing state and what it needs next."""

    assignment: Assignment
    partner: str
    counts: dict[str, int]
    applications: int
    attention: list[Attention]
    days_left: int | None = None  # until the deadline

    @property
    def deadline_text(self) -> str:
        return "" if self.days_left is None else relative_days(self.days_left)

    @property
    def filled(self) -> int:
        return sum(self.counts.get(s, 0) for s in FILLED)

    @property
    def open_positions(self) -> int:
        return max(self.assignment.positions - self.filled, 0)

    @property
    def invited(self) -> int:
        return self.counts.get(S.INVITED, 0)

    @property
    def shortlisted(self) -> int:
        return self.counts.get(S.SHORTLISTED, 0)

    @property
    def urgency(self) -> tuple[int, date, str]:
        level = self.attention[0].level if self.attention else 5
        return (level, self.assignment.deadline or date.max, self.assignment.title.lower())


def _new_applications(session: Session, assignment_ids: Sequence[str]) -> dict[str, int]:
    if not assignment_ids:
        return {}
    rows = session.exec(
        select(Candidate.assignment_id, func.count())
        .where(
            Candidate.assignment_id.in_(assignment_ids),  # type: ignore[attr-defined]
            Candidate.applied == True,  # noqa: E712
            Candidate.status == S.SUGGESTED,
        )
        .group_by(Candidate.assignment_id)
    )
    return {assignment_id: int(count) for assignment_id, count in rows}


def _partner_names(session: Session) -> dict[int | None, str]:
    return {p.id: p.name for p in session.exec(select(Partner))}


def staffing_rows(
    session: Session, assignments: Sequence[Assignment], today: date
) -> list[StaffingRow]:
    """Return the staffing state of each assignment, in the given order."""
    ids = [a.id for a in assignments]
    counts = candidate_service.counts_by_status(session=session, assignment_ids=ids)
    applications = _new_applications(session, ids)
    partners = _partner_names(session)
    rows = []
    for a in assignments:
        rows.append(
            StaffingRow(
                assignment=a,
                partner=partners.get(a.partner_id, ""),
                counts=counts[a.id],
                applications=applications.get(a.id, 0),
                attention=attention(
                    status=a.status,
                    positions=a.positions,
                    counts=counts[a.id],
                    applications=applications.get(a.id, 0),
                    deadline=a.deadline,
                    today=today,
                ),
                days_left=(a.deadline - today).days if a.deadline else None,
            )
        )
    return rows


@dataclass(frozen=True)
class Stat:
    label: str
    value: int
    hint: str = ""


@dataclass(frozen=True)
class Dashboard:
    rows: list[StaffingRow]
    stats: list[Stat]
    closed_shown: bool


def dashboard(
    *, session: Session, today: date | None = None, include_closed: bool = False
) -> Dashboard:
    """Return every open assignment with its staffing state, most urgent first."""
    today = today or date.today()
    wanted = (*OPEN, AssignmentStatus.CLOSED) if include_closed else OPEN
    assignments = list(
        session.exec(
            select(Assignment).where(Assignment.status.in_(wanted))  # type: ignore[attr-defined]
        )
    )
    rows = sorted(staffing_rows(session, assignments, today), key=lambda row: row.urgency)
    open_rows = [row for row in rows if row.assignment.status != AssignmentStatus.CLOSED]
    new_requests = session.exec(
        select(func.count())
        .select_from(PartnerRequest)
        .where(PartnerRequest.status == RequestStatus.NEW)
    ).one()
    stats = [
        Stat("Open assignments", len(open_rows), "draft or published"),
        Stat("Positions to fill", sum(row.open_positions for row in open_rows)),
        Stat("Invitations out", sum(row.invited for row in open_rows), "awaiting an answer"),
        Stat("New applications", sum(row.applications for row in open_rows), "to review"),
        Stat("New requests", int(new_requests), "not yet turned into assignments"),
    ]
    return Dashboard(rows, stats, include_closed)


# Requests --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestDetail:
    request: PartnerRequest
    partner: Partner
    rows: list[StaffingRow]


def request_detail(
    *, session: Session, request_id: int, today: date | None = None
) -> RequestDetail:
    """Return a partner request with the assignments made from it."""
    request = session.get(PartnerRequest, request_id)
    if request is None:
        raise NotFound(f"No partner request {request_id}.", field="request_id")
    partner = session.get(Partner, request.partner_id)
    assert partner is not None
    assignments = session.exec(
        select(Assignment)
        .where(Assignment.request_id == request_id)
        .order_by(Assignment.created_at, Assignment.id)  # type: ignore[arg-type]
    )
    rows = staffing_rows(session, list(assignments), today or date.today())
    return RequestDetail(request, partner, rows)


def get_request(*, session: Session, request_id: int) -> tuple[PartnerRequest, Partner]:
    """Return a partner request and its partner, or raise NotFound."""
    detail = request_detail(session=session, request_id=request_id)
    return detail.request, detail.partner


def partner_names(*, session: Session) -> list[str]:
    """Return the names of every known partner, for suggestions."""
    return sorted(_partner_names(session).values(), key=str.lower)


# Saving an assignment --------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    assignment: Assignment
    created: bool
    rescored: int  # candidates whose stored score was recomputed


def save(
    *,
    session: Session,
    data: Mapping[str, Any],
    actor: User | None,
    request_id: int | None = None,
    status: AssignmentStatus | None = None,
    deadline: date | None = None,
) -> Saved:
    """Create or update an assignment; an update rescores its candidates, keeping decisions."""
    created = not data.get("id") or session.get(Assignment, data["id"]) is None
    assignment = save_assignment(
        session=session,
        data=data,
        actor=actor,
        request_id=request_id,
        status=status,
        deadline=deadline,
    )
    rescored = 0 if created else ranking.rematch(session=session, assignment_id=assignment.id)
    return Saved(assignment, created, rescored)


def assignment_form_data(*, session: Session, assignment_id: str) -> tuple[Assignment, str]:
    """Return an assignment and its partner's name, for the edit form."""
    assignment = get_assignment(session=session, assignment_id=assignment_id)
    return assignment, partner_name(session, assignment)


# The pipeline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A status a candidate may move to next, and how the page offers it."""

    to: CandidateStatus
    label: str
    tone: str = ""  # primary | danger | ""
    needs_reason: bool = False
    needs_rating: bool = False


STEP_LABELS: dict[CandidateStatus, tuple[str, str]] = {
    S.SHORTLISTED: ("Shortlist", "primary"),
    S.INVITED: ("Invite", "primary"),
    S.ACCEPTED: ("Record accepted", "primary"),
    S.ASSIGNED: ("Assign", "primary"),
    S.COMPLETED: ("Complete", "primary"),
    S.DECLINED: ("Decline", "danger"),
    S.WITHDRAWN: ("Withdraw", "danger"),
    S.SUGGESTED: ("Back to suggested", ""),
}
STEP_ORDER = list(STEP_LABELS)


def next_steps(status: str) -> list[Step]:
    """Return the moves the pipeline allows from `status` ('' = not yet a candidate)."""
    allowed = TRANSITIONS[CandidateStatus(status or S.SUGGESTED)]
    return [
        Step(
            to,
            STEP_LABELS[to][0],
            STEP_LABELS[to][1],
            needs_reason=to == S.DECLINED,
            needs_rating=to == S.COMPLETED,
        )
        for to in STEP_ORDER
        if to in allowed
    ]


@dataclass(frozen=True)
class Moved:
    candidate: Candidate
    name: str


def step(
    *,
    session: Session,
    assignment_id: str,
    expert_id: str,
    change: candidate_service.StatusChange,
    actor: User | None,
) -> Moved:
    """Move a candidate through the pipeline; return it with the expert's name."""
    candidate = candidate_service.move(
        session=session,
        assignment_id=assignment_id,
        expert_id=expert_id,
        change=change,
        actor=actor,
    )
    expert = session.get(Expert, expert_id)
    return Moved(candidate, expert.name if expert else expert_id)


# Ranked candidates -----------------------------------------------------------------------


@dataclass(frozen=True)
class RankedPage:
    """A page of the ranked list: eligible candidates, then (if asked) ineligible ones."""

    assignment: Assignment
    partner: str
    staffing: StaffingRow
    page: Page[ranking.RankedCandidate]
    eligible: int
    ineligible: int
    steps: dict[str, list[Step]] = field(default_factory=dict)

    @property
    def line_page(self) -> int | None:
        """Return the page on which the ineligible begin, or None."""
        if not self.ineligible:
            return None
        return self.eligible // PER_PAGE + 1


def ranked_page(
    *,
    session: Session,
    assignment_id: str,
    filters: ranking.CandidateFilters,
    number: int = 1,
    today: date | None = None,
) -> RankedPage:
    """Rank the candidates of an assignment and return one page of them."""
    if number < 1:
        raise ValidationFailed("The page number must be 1 or more.", field="page")
    result = ranking.rank_candidates(
        session=session,
        assignment_id=assignment_id,
        filters=filters,
        top_k=min(number, -(-ranking.MAX_RANKED // PER_PAGE)) * PER_PAGE,
    )
    everyone = result.eligible + result.ineligible
    total = result.eligible_total + result.ineligible_total
    page = paginate(everyone, number=number, total=total)
    staffing = staffing_rows(session, [result.assignment], today or date.today())[0]
    steps = {c.expert.id: next_steps(c.status) for c in page.items}
    return RankedPage(
        assignment=result.assignment,
        partner=staffing.partner,
        staffing=staffing,
        page=page,
        eligible=result.eligible_total,
        ineligible=result.ineligible_total,
        steps=steps,
    )


# A candidate's dossier -------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    event: CandidateEvent
    actor: str
    reason: str = ""
    rating: int | None = None

    @property
    def refused(self) -> bool:
        return self.event.outcome == "refused"


@dataclass(frozen=True)
class Dossier:
    assignment: Assignment
    partner: str
    expert: Expert
    score: Score
    candidate: Candidate | None
    history: list[HistoryEntry]
    application_note: str
    steps: list[Step]

    @property
    def status(self) -> str:
        return str(self.candidate.status) if self.candidate else ""


def _actors(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    users = session.exec(select(User).where(User.id.in_(wanted)))  # type: ignore[union-attr]
    return {u.id: u.name or u.email for u in users if u.id is not None}


def history(*, session: Session, candidate_id: int) -> list[HistoryEntry]:
    """Return a candidate's history with who acted and, for declines and completions, why."""
    events = candidate_service.history(session=session, candidate_id=candidate_id)
    actors = _actors(session, (e.actor_id for e in events))
    # Each applied change wrote one audit event with its reason and rating, in the same order.
    audited: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in session.exec(
        select(AuditEvent)
        .where(
            AuditEvent.action == "candidate.status",
            AuditEvent.target_type == "candidate",
            AuditEvent.target_id == str(candidate_id),
        )
        .order_by(AuditEvent.id)  # type: ignore[arg-type]
    ):
        audited[str(row.detail.get("to_status"))].append(row.detail)
    entries = []
    for event in events:
        detail: dict[str, Any] = {}
        if event.outcome == "applied" and audited[event.to_status]:
            detail = audited[event.to_status].pop(0)
        reason = detail.get("reason") or ""
        entries.append(
            HistoryEntry(
                event=event,
                actor=actors.get(event.actor_id, "system") if event.actor_id else "system",
                reason=DECLINE_REASONS.get(reason, reason),
                rating=detail.get("rating"),
            )
        )
    return entries


def dossier(*, session: Session, assignment_id: str, expert_id: str) -> Dossier:
    """Return everything a coordinator needs to decide about one candidate."""
    assignment = get_assignment(session=session, assignment_id=assignment_id)
    [(expert, score)] = ranking.score_pairs(
        session=session, assignment_id=assignment_id, expert_ids=[expert_id]
    )
    candidate = candidate_service.for_assignment(session=session, assignment_id=assignment_id).get(
        expert_id
    )
    entries: list[HistoryEntry] = []
    note = ""
    if candidate is not None and candidate.id is not None:
        entries = history(session=session, candidate_id=candidate.id)
        application = session.exec(
            select(Application).where(Application.candidate_id == candidate.id)
        ).first()
        note = application.note if application else ""
    return Dossier(
        assignment=assignment,
        partner=partner_name(session, assignment),
        expert=expert,
        score=score,
        candidate=candidate,
        history=entries,
        application_note=note,
        steps=next_steps(str(candidate.status) if candidate else ""),
    )


# Comparing candidates --------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    expert: Expert
    score: Score
    candidate: Candidate | None


@dataclass(frozen=True)
class RequirementRow:
    requirement: str
    kind: str
    cells: list[Evidence | None]
    best: int | None  # column with the strongest evidence, when one stands out


@dataclass(frozen=True)
class ComponentRow:
    name: str
    points: list[float]
    best: int | None


@dataclass(frozen=True)
class RuleRow:
    name: str
    cells: list[RuleResult | None]


@dataclass(frozen=True)
class Comparison:
    assignment: Assignment
    partner: str
    columns: list[Column]
    requirements: list[RequirementRow]
    components: list[ComponentRow]
    rules: list[RuleRow]


def _best(values: Sequence[float]) -> int | None:
    """Return the index of the single highest value, or None on a tie."""
    top = max(values)
    winners = [i for i, value in enumerate(values) if abs(value - top) < 1e-9]
    return winners[0] if len(winners) == 1 else None


def compare(*, session: Session, assignment_id: str, expert_ids: Sequence[str]) -> Comparison:
    """Score two or three candidates and line them up requirement by requirement."""
    ids = list(dict.fromkeys(eid for eid in expert_ids if eid))
    if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        raise ValidationFailed(
            f"Choose {COMPARE_MIN} or {COMPARE_MAX} different experts to compare "
            f"({len(ids)} given as expert).",
            field="expert",
        )
    assignment = get_assignment(session=session, assignment_id=assignment_id)
    pairs = ranking.score_pairs(session=session, assignment_id=assignment_id, expert_ids=ids)
    decided = candidate_service.for_assignment(session=session, assignment_id=assignment_id)
    columns = sorted(
        (Column(expert, score, decided.get(expert.id)) for expert, score in pairs),
        key=lambda column: (not column.score.eligible, -column.score.score),
    )
    requirement_rows = []
    order = list(dict.fromkeys((e.requirement, e.kind) for c in columns for e in c.score.evidence))
    for requirement, kind in order:
        cells = [
            next((e for e in c.score.evidence if e.requirement == requirement), None)
            for c in columns
        ]
        sims = [cell.similarity if cell else -1.0 for cell in cells]
        requirement_rows.append(RequirementRow(requirement, kind, cells, _best(sims)))
    names = list(dict.fromkeys(name for c in columns for name in c.score.components))
    component_rows = []
    for name in names:
        points = [c.score.components.get(name, 0.0) for c in columns]
        component_rows.append(ComponentRow(name, points, _best(points)))
    rule_names = list(dict.fromkeys(r.name for c in columns for r in c.score.rules))
    rule_rows = [
        RuleRow(name, [next((r for r in c.score.rules if r.name == name), None) for c in columns])
        for name in rule_names
    ]
    return Comparison(
        assignment=assignment,
        partner=partner_name(session, assignment),
        columns=columns,
        requirements=requirement_rows,
        components=component_rows,
        rules=rule_rows,
    )
