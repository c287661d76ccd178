"""The score's weights: learned from coordinators' decisions, activated only when better, undone.

Training data are the candidates: each keeps the component values its last decision saw
(Candidate.components; candidates decided before those were kept are scored now). A candidate
shortlisted, invited, accepted, assigned or completed is a positive; declined (for a reason
about fit) a negative; and so is being passed over: a candidate left suggested, or an expert
on the first page of the ranking (the top PASSED_OVER) with no candidacy at all, on an
assignment where others were chosen. Those rankings are today's, so they carry today's
profiles: the price of learning from what coordinators did not click.

Activation replays the engine's WeightBook: the sets are the learned rows plus the defaults,
the history is read from the audit trail (every activation and every step back is audited),
and a set is activated only when it orders the held-out decisions at least as well as the
active one, both measured now on the same decisions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from matcher.learning import (
    POSITIVE,
    Decision,
    DecisionSet,
    LearningReport,
    WeightBook,
    WorseWeightsError,
    evaluate_weights,
    label_decisions,
    learn_weights,
)
from matcher.learning import WeightSet as BookEntry
from matcher.scoring import COMPONENTS, Weights
from models import Assignment, AuditEvent, Candidate, User, WeightSet
from web.services import audit
from web.services.assignments import assignment_record
from web.services.errors import Conflict, NotFound, ValidationFailed
from web.services.matching import active_weights, matching
from web.services.ranking import deployment_history

MIN_DECISIONS = 30
MIN_ASSIGNMENTS = 5
"""Learning needs this many labelled decisions, on this many assignments where a coordinator
chose some experts and passed over or declined others (30 % of those are held out)."""
PASSED_OVER = 10
DEFAULTS = "Defaults"
ACTIVATE, GO_BACK, LEARN = "weights.activate", "weights.go_back", "weights.learn"

COMPONENT_HELP: dict[str, str] = {
    "coverage": "each requirement met by a skill, an experience entry or a sentence",
    "fit": "overall semantic fit of the profile to the description",
    "terms": "key terms shared with the assignment",
    "region": "worked in the country (or its region)",
    "language": "language levels above the minimum",
    "seniority": "years of experience",
    "availability": "share of the period the expert is available",
    "sector": "the assignment's sector is among the expert's",
    "fairness": "rarely deployed lifted, often deployed lowered (policy: never learned)",
}
METRIC_HELP: dict[str, str] = {
    "pairwise": "chosen above passed over, pairs on the same assignment (decides activation)",
    "auc": "chosen above passed over, over all decisions",
    "ndcg": "nDCG@10 of the chosen, per assignment",
}


@dataclass(frozen=True)
class Entry:
    """A weight set as the page shows it: the defaults (row None) or a stored learned set."""

    row: WeightSet | None
    name: str
    weights: dict[str, float]
    active: bool
    created_at: datetime | None = None
    created_by: str = ""

    @property
    def id(self) -> int | None:
        return self.row.id if self.row else None

    @property
    def report(self) -> dict[str, Any]:
        return self.row.metrics if self.row else {}


@dataclass(frozen=True)
class Readiness:
    """How many usable decisions there are, and whether they are enough to learn from."""

    decisions: int
    positives: int
    negatives: int
    assignments: int  # with both a chosen and a passed-over or declined expert

    @property
    def ready(self) -> bool:
        return self.decisions >= MIN_DECISIONS and self.assignments >= MIN_ASSIGNMENTS

    @property
    def message(self) -> str:
        """Say what is missing, in numbers."""
        missing = []
        if self.decisions < MIN_DECISIONS:
            missing.append(f"{MIN_DECISIONS - self.decisions} more decisions")
        if self.assignments < MIN_ASSIGNMENTS:
            more = MIN_ASSIGNMENTS - self.assignments
            missing.append(f"{more} more assignment{'s' * (more != 1)} with both kinds")
        return (
            f"Learning needs at least {MIN_DECISIONS} decisions on {MIN_ASSIGNMENTS} assignments "
            "where some experts were chosen and others passed over or declined; there are "
            f"{self.decisions} on {self.assignments}: {' and '.join(missing)} needed."
        )


@dataclass(frozen=True)
class WeightsOverview:
    """The weights page: the active set, the learned sets, the history and the data."""

    active: Entry
    defaults: Entry
    learned: list[Entry]  # newest first
    previous: Entry | None  # what "go back" would restore
    recorded: Readiness  # from the candidates alone; learning adds the passed over
    components: tuple[str, ...] = COMPONENTS

    @property
    def latest(self) -> Entry | None:
        return self.learned[0] if self.learned else None


def _candidates(session: Session) -> dict[str, tuple[Assignment, list[Candidate]]]:
    """Return every assignment that has candidates, with them."""
    found: dict[str, tuple[Assignment, list[Candidate]]] = {}
    rows = session.exec(
        select(Candidate, Assignment)
        .join(Assignment, Candidate.assignment_id == Assignment.id)  # type: ignore[arg-type]
        .order_by(Candidate.id)  # type: ignore[arg-type]
    )
    for candidate, assignment in rows:
        found.setdefault(assignment.id, (assignment, []))[1].append(candidate)
    return found


def recorded(*, session: Session) -> Readiness:
    """Count the recorded decisions that say something about fit (no scoring: cheap)."""
    found = [
        Decision(a, c.expert_id, str(c.status), c.updated_at, {}, c.decline_reason)
        for a, (_, candidates) in _candidates(session).items()
        for c in candidates
    ]
    return readiness_of(label_decisions(found))


def decisions(*, session: Session) -> list[Decision]:
    """Return every candidate as a decision with its component values, plus the passed over."""
    matcher = matching().matcher(session)
    experts = {e.id: e for e in matcher.experts_}
    history = deployment_history(session=session)
    known = any(history.values())
    out: list[Decision] = []
    for assignment_id, (assignment, candidates) in sorted(_candidates(session).items()):
        record = assignment_record(session, assignment)
        for c in candidates:
            values = c.components
            if not values:  # decided before snapshots were kept: today's values stand in
                if c.expert_id not in experts:
                    continue
                values = matcher.score(
                    experts[c.expert_id],
                    record,
                    history=history.get(c.expert_id, ()),
                    history_known=known,
                ).values
            out.append(
                Decision(
                    assignment_id,
                    c.expert_id,
                    str(c.status),
                    c.updated_at,
                    _known(values),
                    c.decline_reason,
                )
            )
        chosen = [c.updated_at for c in candidates if str(c.status) in POSITIVE]
        if not chosen:
            continue
        seen = {c.expert_id for c in candidates}
        for score in matcher.rank(record, top_k=PASSED_OVER, history=history):
            if score.expert_id not in seen:
                out.append(
                    Decision(
                        assignment_id,
                        score.expert_id,
                        "passed_over",
                        min(chosen),
                        _known(score.values),
                    )
                )
    return out


def _known(values: dict[str, float]) -> dict[str, float]:
    """Keep the values of the engine's components (a snapshot may predate a renamed one)."""
    return {name: float(values[name]) for name in COMPONENTS if name in values}


def readiness_of(labelled: Sequence[tuple[Decision, int]]) -> Readiness:
    """Count the decisions that say something about fit, and the assignments with both kinds."""
    kinds: dict[str, set[int]] = defaultdict(set)
    for decision, label in labelled:
        kinds[decision.assignment_id].add(label)
    positives = sum(label for _, label in labelled)
    return Readiness(
        decisions=len(labelled),
        positives=positives,
        negatives=len(labelled) - positives,
        assignments=sum(1 for labels in kinds.values() if len(labels) == 2),
    )


def _rows(session: Session) -> list[WeightSet]:
    return list(session.exec(select(WeightSet).order_by(WeightSet.id)))  # type: ignore[arg-type]


def _creators(session: Session, rows: Sequence[WeightSet]) -> dict[int, str]:
    ids = {r.created_by for r in rows if r.created_by is not None}
    if not ids:
        return {}
    users = session.exec(select(User).where(User.id.in_(ids)))  # type: ignore[union-attr]
    return {u.id: u.name or u.email for u in users if u.id is not None}


def _stack(session: Session, rows: Sequence[WeightSet]) -> list[int | None]:
    """Return the sets active in turn (None = the defaults), the active one last."""
    known = {r.id for r in rows}
    stack: list[int | None] = [None]
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action.in_((ACTIVATE, GO_BACK)))  # type: ignore[attr-defined]
        .order_by(AuditEvent.id)  # type: ignore[arg-type]
    )
    for event in events:
        if event.action == ACTIVATE:
            stack.append(event.detail.get("weight_set_id"))
        elif len(stack) > 1:
            stack.pop()
    stack = [i for i in stack if i is None or i in known]
    # The table is what the ranking reads: should it disagree, it wins.
    active = next((r.id for r in rows if r.active), None)
    if stack[-1] != active:
        stack.append(active)
    return stack


def _entry(row: WeightSet | None, active: int | None, creators: dict[int, str]) -> Entry:
    if row is None:
        return Entry(None, DEFAULTS, Weights().to_dict(), active is None)
    return Entry(
        row,
        row.name,
        Weights.from_mapping(row.weights).to_dict(),
        row.id == active,
        row.created_at,
        creators.get(row.created_by, "") if row.created_by is not None else "",
    )


def overview(*, session: Session) -> WeightsOverview:
    """Return the active weights, the learned sets, what going back restores, and the data."""
    rows = _rows(session)
    stack = _stack(session, rows)
    creators = _creators(session, rows)
    by_id = {r.id: r for r in rows}
    entries = {r.id: _entry(r, stack[-1], creators) for r in rows}
    defaults = _entry(None, stack[-1], creators)
    active = entries[stack[-1]] if stack[-1] is not None else defaults
    previous = None
    if len(stack) > 1:
        previous = entries[stack[-2]] if stack[-2] in by_id else defaults
    return WeightsOverview(
        active=active,
        defaults=defaults,
        learned=[entries[r.id] for r in reversed(rows)],
        previous=previous,
        recorded=recorded(session=session),
    )


def learn(*, session: Session, actor: User | None) -> WeightSet:
    """Fit weights on the earlier decisions, measure both sets on the later ones, keep the set."""
    found = decisions(session=session)
    readiness = readiness_of(label_decisions(found))
    if not readiness.ready:
        raise ValidationFailed(readiness.message, field="decisions")
    current = active_weights(session)
    try:
        report = learn_weights(decisions=found, current=current)
    except ValueError as exc:  # e.g. the held-out assignments have only one kind of decision
        raise ValidationFailed(
            f"Cannot learn from these decisions yet: {exc}.", field="decisions"
        ) from exc
    row = WeightSet(
        name="",
        weights=report.learned.to_dict(),
        metrics=_jsonable(report.to_dict()),
        active=False,
        created_by=actor.id if actor is not None and actor.is_authenticated else None,
    )
    session.add(row)
    session.flush()
    row.name = f"Learned set {row.id}"
    audit.record(
        session=session,
        actor=actor,
        action=LEARN,
        target_type="weight_set",
        target_id=row.id or "",
        before=row.metrics["before"],
        after=row.metrics["after"],
        improves=report.improves,
    )
    session.commit()
    return row


def _jsonable(value: Any) -> Any:
    """Replace the NaN of an undefined metric by None (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _book(rows: Sequence[WeightSet], stack: Sequence[int | None]) -> WeightBook:
    """Return the engine's book of these sets, with the defaults and the activation history."""
    names = {r.id: r.name for r in rows}
    start = datetime.min.replace(tzinfo=UTC)
    sets = [BookEntry(DEFAULTS, Weights(), start)] + [
        BookEntry(r.name, Weights.from_mapping(r.weights), r.created_at, "learned") for r in rows
    ]
    return WeightBook(tuple(sets), tuple(names.get(i, DEFAULTS) for i in stack))


def _compare(session: Session, current: Weights, candidate: Weights) -> LearningReport:
    """Measure both weight sets now, on the same held-out (latest) decisions."""
    data = DecisionSet.from_decisions(decisions(session=session))
    train, test = data.split_by_time()
    if len(test) == 0 or len(set(test.labels.tolist())) < 2:
        raise Conflict(
            "There are too few recent decisions to compare the weights on, so the active "
            "weights stay. " + readiness_of(label_decisions(data.decisions)).message,
            field="decisions",
        )
    return LearningReport(
        current=current,
        learned=candidate,
        before=evaluate_weights(weights=current, decisions=test),
        after=evaluate_weights(weights=candidate, decisions=test),
        train_decisions=len(train),
        test_decisions=len(test),
        held_out_from=min(d.at for d in test.decisions),
    )


def activate(*, session: Session, weight_set_id: int, actor: User | None) -> WeightSet:
    """Make a learned set active, unless it orders the held-out decisions worse (Conflict)."""
    rows = _rows(session)
    row = next((r for r in rows if r.id == weight_set_id), None)
    if row is None:
        raise NotFound(f"No weight set {weight_set_id}.", field="weight_set_id")
    stack = _stack(session, rows)
    if stack[-1] == row.id:
        raise Conflict(f"{row.name} is already active.", field="weight_set_id")
    book = _book(rows, stack)
    report = _compare(session, book.active.weights, Weights.from_mapping(row.weights))
    try:
        book.activate(row.name, report=report)
    except WorseWeightsError as exc:
        audit.record(
            session=session,
            actor=actor,
            action="weights.activate_refused",
            target_type="weight_set",
            target_id=row.id or "",
            before=report.before.to_dict(),
            after=report.after.to_dict(),
        )
        session.commit()
        raise Conflict(str(exc), field="weight_set_id") from exc
    _switch(session, rows, row.id)
    audit.record(
        session=session,
        actor=actor,
        action=ACTIVATE,
        target_type="weight_set",
        target_id=row.id or "",
        weight_set_id=row.id,
        previous=stack[-1],
        before=_jsonable(report.before.to_dict()),
        after=_jsonable(report.after.to_dict()),
    )
    session.commit()
    return row


def go_back(*, session: Session, actor: User | None) -> Entry:
    """Re-activate the set that was active before the current one (perhaps the defaults)."""
    rows = _rows(session)
    stack = _stack(session, rows)
    try:
        _book(rows, stack).go_back()
    except ValueError as exc:
        raise Conflict("There is no earlier weight set to go back to.", field="history") from exc
    restored = stack[-2]
    _switch(session, rows, restored)
    audit.record(
        session=session,
        actor=actor,
        action=GO_BACK,
        target_type="weight_set",
        target_id=restored if restored is not None else "defaults",
        weight_set_id=restored,
        previous=stack[-1],
    )
    session.commit()
    by_id = {r.id: r for r in rows}
    return _entry(by_id.get(restored) if restored is not None else None, restored, {})


def _switch(session: Session, rows: Sequence[WeightSet], active: int | None) -> None:
    """Leave exactly one set active (none: the defaults); the ranking reads this at once."""
    for r in rows:
        if r.active != (r.id == active):
            r.active = r.id == active
            session.add(r)
