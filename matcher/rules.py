"""The hard rules of FORMATS.md, each with a machine-readable name and a human sentence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from matcher.codes import language_name, level_rank
from matcher.records import Assignment, Expert, Window

__all__ = [
    "RULES",
    "RULE_NAMES",
    "STATUSES",
    "RuleResult",
    "check_rules",
    "covered_days",
]

STATUSES: tuple[str, ...] = ("passed", "failed", "partial", "unconfirmed")


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one hard rule for one expert and assignment."""

    name: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        """Return True unless the rule failed (partial and unconfirmed still pass)."""
        return self.status != "failed"

    def to_dict(self) -> dict[str, Any]:
        """Return the result as a JSON-ready dict."""
        return {"name": self.name, "status": self.status, "message": self.message}


def _engagement_label(value: str) -> str:
    return value.replace("_", " ")


def _languages(expert: Expert, assignment: Assignment) -> RuleResult:
    """Check every required language at its minimum level."""
    if not assignment.languages:
        return RuleResult("languages", "passed", "no language required")
    problems, fine = [], []
    for need in assignment.languages:
        name = language_name(need.code)
        has = expert.language_level(need.code)
        if has is None:
            problems.append(f"needs {name} at {need.level}; does not list {name}")
        elif level_rank(has) < level_rank(need.level):
            problems.append(f"needs {name} at {need.level}; has {name} at {has}")
        else:
            fine.append(f"{name} {has} (needs {need.level})")
    if problems:
        return RuleResult("languages", "failed", "; ".join(problems))
    return RuleResult("languages", "passed", "speaks " + ", ".join(fine))


def covered_days(windows: Sequence[Window], period: Window) -> int:
    """Return how many days of the period fall in at least one window."""
    days = 0
    cursor = period.start
    for window in sorted(windows, key=lambda w: w.start):
        start, end = max(window.start, cursor), min(window.end, period.end)
        if start <= end:
            days += (end - start).days + 1
            if end == date.max:  # nothing can follow the last representable day
                break
            cursor = end + timedelta(days=1)
    return days


def _period(assignment: Assignment) -> Window | None:
    """Return the assignment's period; one stated date stands for both ends."""
    start = assignment.start or assignment.end
    end = assignment.end or assignment.start
    if start is None or end is None:
        return None
    return Window(start, end)


def _span(window: Window) -> str:
    return f"{window.start.isoformat()} to {window.end.isoformat()}"


def _availability(expert: Expert, assignment: Assignment) -> RuleResult:
    """Check that some availability window overlaps the assignment period."""
    period = _period(assignment)
    if period is None:
        return RuleResult("availability", "passed", "the assignment states no dates")
    if not expert.availability:
        return RuleResult(
            "availability", "unconfirmed", f"has not stated availability for {_span(period)}"
        )
    total = (period.end - period.start).days + 1
    days = covered_days(expert.availability, period)
    stated = ", ".join(_span(w) for w in expert.availability)
    if days == 0:
        return RuleResult("availability", "failed", f"needs {_span(period)}; available {stated}")
    if days < total:
        return RuleResult(
            "availability",
            "partial",
            f"available {days} of {total} days of {_span(period)} ({stated})",
        )
    return RuleResult("availability", "passed", f"available for all of {_span(period)}")


def _engagement(expert: Expert, assignment: Assignment) -> RuleResult:
    """Check that the expert accepts the assignment's engagement."""
    wanted = _engagement_label(assignment.engagement)
    accepts = " or ".join(_engagement_label(e) for e in expert.engagement) or "nothing"
    if assignment.engagement not in expert.engagement:
        return RuleResult("engagement", "failed", f"{wanted} assignment; accepts {accepts} only")
    return RuleResult("engagement", "passed", f"accepts {wanted} work")


_MODE_NEEDS: dict[str, tuple[str, Callable[[Expert], bool], str]] = {
    "in_country": ("in-country work", lambda e: e.travel, "not willing to travel"),
    "remote": ("remote work", lambda e: e.remote, "does not work remotely"),
    "hybrid": (
        "hybrid work",
        lambda e: e.travel or e.remote,
        "neither travels nor works remotely",
    ),
}


def _mode(expert: Expert, assignment: Assignment) -> RuleResult:
    """Check travel for in-country work, remote for remote work, either for hybrid."""
    label, fits, refusal = _MODE_NEEDS[assignment.mode]
    if not fits(expert):
        return RuleResult("mode", "failed", f"{label}; {refusal}")
    return RuleResult("mode", "passed", f"can do {label}")


def _conflicts(expert: Expert, assignment: Assignment) -> RuleResult:
    """Check that the partner is not one of the expert's conflicts, ignoring case."""
    partner = assignment.partner.strip()
    if not partner:
        return RuleResult("conflicts", "passed", "no partner named")
    if partner.casefold() in {c.strip().casefold() for c in expert.conflicts}:
        return RuleResult("conflicts", "failed", f"has a conflict of interest with {partner}")
    return RuleResult("conflicts", "passed", f"no conflict with {partner}")


def _active(expert: Expert, assignment: Assignment) -> RuleResult:
    """Check that the expert is active."""
    if not expert.active:
        return RuleResult("active", "failed", "not active (on leave or withdrawn)")
    return RuleResult("active", "passed", "active")


def _experience(expert: Expert, assignment: Assignment) -> RuleResult:
    """Check the minimum years of experience."""
    has, needs = expert.years_experience, assignment.min_years
    if has < needs:
        return RuleResult("experience", "failed", f"needs {needs} years of experience; has {has}")
    if needs == 0:
        return RuleResult("experience", "passed", f"has {has} years of experience")
    return RuleResult("experience", "passed", f"has {has} years of experience (needs {needs})")


RULES: tuple[tuple[str, Callable[[Expert, Assignment], RuleResult]], ...] = (
    ("languages", _languages),
    ("availability", _availability),
    ("engagement", _engagement),
    ("mode", _mode),
    ("conflicts", _conflicts),
    ("active", _active),
    ("experience", _experience),
)
"""The hard rules in the order they are reported."""

RULE_NAMES: tuple[str, ...] = tuple(name for name, _ in RULES)


def check_rules(expert: Expert, assignment: Assignment) -> tuple[RuleResult, ...]:
    """Return the result of every hard rule, in the order of RULES."""
    return tuple(rule(expert, assignment) for _, rule in RULES)
