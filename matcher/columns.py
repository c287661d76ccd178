"""The experts' facts that the hard rules and the small components read, held as arrays.

`ExpertColumns.evaluate(assignment)` gives, for every indexed expert at once, which rules fail
and the value of each non-semantic component; the results are exactly those of
matcher.rules.check_rules and matcher.scoring's functions (tests compare them), so the
ranking can drop ineligible experts and weigh the cheap components before any text is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from matcher.codes import REGIONS, level_rank
from matcher.growable import Growable
from matcher.records import Assignment, Expert
from matcher.rules import RULE_NAMES

__all__ = ["ColumnResult", "ExpertColumns", "stable_key"]

_ENGAGEMENT_BITS = {"pro_bono": 1, "paid": 2}
_TOP_LEVEL = level_rank("native")
_NO_LEVEL = -1


def stable_key(expert_id: str) -> int:
    """Return a 63-bit number that depends only on the id (the same in every process)."""
    digest = hashlib.blake2b(expert_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


class _Codes:
    """Intern strings as small integers."""

    copy_state = True

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def id(self, value: str) -> int:
        return self.ids.setdefault(value, len(self.ids))

    def find(self, value: str) -> int:
        return self.ids.get(value, -1)


class _Ragged:
    """Several values per expert: `owner` (the expert's row) beside each value column."""

    copy_state = True

    def __init__(self, *dtypes: type) -> None:
        self.owner = Growable(np.int64)
        self.columns = [Growable(d) for d in dtypes]

    def extend(self, owners: list[int], *columns: list[int]) -> None:
        self.owner.extend(np.asarray(owners, dtype=np.int64))
        for target, values in zip(self.columns, columns, strict=True):
            target.extend(np.asarray(values, dtype=target.dtype))

    def keep(self, remap: np.ndarray) -> None:
        """Drop the values of removed experts; remap[old row] is the new row or -1."""
        new_owner = remap[self.owner.view]
        kept = new_owner >= 0
        self.owner.replace(new_owner[kept])
        for column in self.columns:
            column.select(kept)

    def where(self, column: int, value: int) -> np.ndarray:
        """Return the owners that have this value in a column."""
        return self.owner.view[self.columns[column].view == value]


@dataclass
class ColumnResult:
    """Rules and component values of every indexed expert for one assignment."""

    failed: dict[str, np.ndarray]
    """Rule name -> bool per expert (True = the rule failed)."""
    values: dict[str, np.ndarray]
    """Component name -> float64 per expert: region, language, seniority, availability, sector."""
    eligible: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        failed = np.zeros(len(next(iter(self.values.values()))), dtype=bool)
        for mask in self.failed.values():
            failed |= mask
        self.eligible = ~failed


class ExpertColumns:
    """Per-expert arrays of what the hard rules and the non-semantic components need."""

    copy_state = True

    def __init__(self) -> None:
        self.years = Growable(np.int64)
        self.engagement = Growable(np.uint8)
        self.travel = Growable(np.bool_)
        self.remote = Growable(np.bool_)
        self.active = Growable(np.bool_)
        self.keys = Growable(np.int64)
        self._countries = _Codes()
        self._sectors = _Codes()
        self._languages = _Codes()
        self._conflicts = _Codes()
        self.countries = _Ragged(np.int32)
        self.sectors = _Ragged(np.int32)
        self.languages = _Ragged(np.int32, np.int8)
        self.windows = _Ragged(np.int64, np.int64)
        self.conflicts = _Ragged(np.int32)

    def __len__(self) -> int:
        return self.years.size

    def append(self, experts: Sequence[Expert]) -> None:
        """Add experts as the next rows."""
        first = len(self)
        owners: dict[str, list[int]] = {k: [] for k in ("c", "s", "l", "w", "x")}
        countries, sectors, codes, ranks, starts, ends, conflicts = [], [], [], [], [], [], []
        for row, e in enumerate(experts, start=first):
            for code in e.all_countries():
                owners["c"].append(row)
                countries.append(self._countries.id(code))
            for sector in dict.fromkeys(e.sectors):
                owners["s"].append(row)
                sectors.append(self._sectors.id(sector))
            seen: set[str] = set()
            for language in e.languages:
                if language.code not in seen:  # the first listing counts, as language_level
                    seen.add(language.code)
                    owners["l"].append(row)
                    codes.append(self._languages.id(language.code))
                    ranks.append(level_rank(language.level))
            for window in sorted(e.availability, key=lambda w: w.start):
                owners["w"].append(row)
                starts.append(window.start.toordinal())
                ends.append(window.end.toordinal())
            for conflict in {c.strip().casefold() for c in e.conflicts}:
                owners["x"].append(row)
                conflicts.append(self._conflicts.id(conflict))
        self.years.extend(np.array([e.years_experience for e in experts], dtype=np.int64))
        self.engagement.extend(
            np.array(
                [sum(_ENGAGEMENT_BITS.get(g, 0) for g in set(e.engagement)) for e in experts],
                dtype=np.uint8,
            )
        )
        self.travel.extend(np.array([e.travel for e in experts], dtype=bool))
        self.remote.extend(np.array([e.remote for e in experts], dtype=bool))
        self.active.extend(np.array([e.active for e in experts], dtype=bool))
        self.keys.extend(np.array([stable_key(e.id) for e in experts], dtype=np.int64))
        self.countries.extend(owners["c"], countries)
        self.sectors.extend(owners["s"], sectors)
        self.languages.extend(owners["l"], codes, ranks)
        self.windows.extend(owners["w"], starts, ends)
        self.conflicts.extend(owners["x"], conflicts)

    def keep(self, rows: np.ndarray) -> None:
        """Keep only the given rows, in that order."""
        remap = np.full(len(self), -1, dtype=np.int64)
        remap[rows] = np.arange(len(rows))
        for scalar in (self.years, self.engagement, self.travel, self.remote, self.active):
            scalar.select(rows)
        self.keys.select(rows)
        for ragged in (self.countries, self.sectors, self.languages, self.windows, self.conflicts):
            ragged.keep(remap)
            if len(rows) and (np.diff(rows) < 0).any():
                _reorder(ragged)

    def _growables(self) -> list[Growable]:
        scalars = [self.years, self.engagement, self.travel, self.remote, self.active, self.keys]
        ragged = (self.countries, self.sectors, self.languages, self.windows, self.conflicts)
        return scalars + [g for r in ragged for g in (r.owner, *r.columns)]

    def trim(self) -> None:
        """Give back every array's spare capacity."""
        for growable in self._growables():
            growable.trim()

    @property
    def nbytes(self) -> int:
        """Return the bytes allocated by every array."""
        return sum(g.nbytes for g in self._growables())

    # Evaluation ----------------------------------------------------------------------------

    def evaluate(self, a: Assignment) -> ColumnResult:
        """Return every rule's failures and the non-semantic values for one assignment."""
        n = len(self)
        failed: dict[str, np.ndarray] = {}
        values: dict[str, np.ndarray] = {}
        failed["languages"], values["language"] = self._languages_rule(a, n)
        failed["availability"], values["availability"] = self._availability(a, n)
        bit = _ENGAGEMENT_BITS.get(a.engagement, 0)
        failed["engagement"] = (self.engagement.view & bit) == 0
        travel, remote = self.travel.view, self.remote.view
        failed["mode"] = ~{"in_country": travel, "remote": remote}.get(a.mode, travel | remote)
        failed["conflicts"] = np.zeros(n, dtype=bool)
        partner = a.partner.strip()
        if partner:
            code = self._conflicts.find(partner.casefold())
            failed["conflicts"][self.conflicts.where(0, code)] = True
        failed["active"] = ~self.active.view
        failed["experience"] = self.years.view < a.min_years
        years = np.maximum(self.years.view, 0).astype(np.float64)
        values["seniority"] = years / (years + 10)
        values["region"] = self._region(a, n)
        sector = np.zeros(n)
        if a.sector:
            sector[self.sectors.where(0, self._sectors.find(a.sector))] = 1.0
        values["sector"] = sector
        assert list(failed) == list(RULE_NAMES)
        return ColumnResult(failed, values)

    def _languages_rule(self, a: Assignment, n: int) -> tuple[np.ndarray, np.ndarray]:
        failed = np.zeros(n, dtype=bool)
        total = np.zeros(n)
        for need in a.languages:
            has = np.full(n, _NO_LEVEL, dtype=np.int64)
            code = self._languages.find(need.code)
            chosen = self.languages.columns[0].view == code
            has[self.languages.owner.view[chosen]] = self.languages.columns[1].view[chosen]
            wanted = level_rank(need.level)
            failed |= has < wanted
            room, gain = _TOP_LEVEL - wanted, has - wanted
            if room <= 0:
                strength = (gain >= 0).astype(np.float64)
            else:
                strength = np.maximum(0.0, gain / max(room, 1))
            total = total + np.where(has == _NO_LEVEL, 0.0, strength)
        language = total / len(a.languages) if a.languages else total
        return failed, language

    def _availability(self, a: Assignment, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the availability rule's failures and availability_fit, per expert."""
        start = a.start or a.end
        end = a.end or a.start
        if start is None or end is None:
            return np.zeros(n, dtype=bool), np.ones(n)
        begin, finish = start.toordinal(), end.toordinal()
        owner = self.windows.owner.view
        w_start, w_end = self.windows.columns[0].view, self.windows.columns[1].view
        lo, hi = np.maximum(w_start, begin), np.minimum(w_end, finish)
        # The union of the windows inside the period: each window counts the days after the
        # furthest end among the owner's earlier windows (windows are sorted by start).
        span = finish - begin + 2
        shifted = (np.maximum(hi, begin - 1) - begin + 1) + owner * span
        running = np.maximum.accumulate(shifted) if len(shifted) else shifted
        previous = np.full(len(owner), begin - 1, dtype=np.int64)
        if len(owner) > 1:
            same = owner[1:] == owner[:-1]
            earlier = running[:-1] - owner[:-1] * span + begin - 1
            previous[1:] = np.where(same, np.maximum(earlier, begin - 1), begin - 1)
        days = np.maximum(0, hi - np.maximum(lo, previous + 1) + 1)
        covered = np.bincount(owner, weights=days, minlength=n)
        stated = np.bincount(owner, minlength=n) > 0
        total = finish - begin + 1
        failed = stated & (covered == 0)
        fit = np.where(stated, covered / total, 0.5)
        return failed, fit

    def _region(self, a: Assignment, n: int) -> np.ndarray:
        region = np.zeros(n)
        if not a.country:
            return region
        wanted = REGIONS.get(a.country)
        if wanted:
            table = np.zeros(len(self._countries.ids) + 1, dtype=bool)
            for country, code in self._countries.ids.items():
                table[code] = REGIONS.get(country) == wanted
            nearby = table[self.countries.columns[0].view]
            region[self.countries.owner.view[nearby]] = 0.5
        region[self.countries.where(0, self._countries.find(a.country))] = 1.0
        return region


def _reorder(ragged: _Ragged) -> None:
    """Sort a ragged column by owner again (stable) after rows were reordered."""
    order = np.argsort(ragged.owner.view, kind="stable")
    ragged.owner.select(order)
    for column in ragged.columns:
        column.select(order)
