"""Synthetic experts and assignments at any scale, and a fast embedder that suits them.

Profiles are written from plain English words typical of each sector
(matcher/data/topic_words.tsv, a short list written for this) and a list of common words,
in sentences of realistic length, and each expert mixes a main topic with others. The
`SyntheticEmbedder` gives every word a fixed random vector that leans towards its topic and
its sector, and a text the normalised sum of its words' vectors: texts on one topic are
close, texts sharing words closer, other sectors far, which is the structure a ranking
relies on; it is a pure function of the text, so any number of processes agree on it.

Record i of a seed is always the same expert, so `SyntheticExperts` is a lazy sequence: a
million experts are never all in memory.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import overload

import numpy as np
from scipy import sparse

from matcher.codes import REGIONS
from matcher.embeddings import normalize_rows
from matcher.records import Assignment, ExperienceEntry, Expert, Language, Window

__all__ = ["SyntheticEmbedder", "SyntheticExperts", "SyntheticWorld"]

_WORD = re.compile(r"[a-z]+")
_ROLES = (
    "director",
    "manager",
    "adviser",
    "officer",
    "engineer",
    "planner",
    "analyst",
    "coordinator",
    "specialist",
    "consultant",
)
_TOWNS = [
    "Tacoma",
    "Riverside",
    "Lyon",
    "Porto",
    "Kumasi",
    "Arusha",
    "Cusco",
    "Medan",
    "Varna",
    "Tartu",
    "Oruro",
    "Mzuzu",
    "Salta",
    "Dodoma",
    "Ghent",
    "Tromso",
    "Leon",
    "Cebu",
    "Kandy",
    "Tlemcen",
    "Jinja",
    "Pecs",
    "Hue",
    "Iquique",
    "Lobito",
    "Poznan",
    "Sfax",
    "Arica",
    "Mopti",
    "Kisumu",
    "Ndola",
    "Matola",
    "Goma",
    "Durres",
    "Bitola",
    "Gyumri",
    "Batumi",
    "Osh",
    "Khujand",
    "Rivne",
]
_COUNTRIES = tuple(
    [
        "SN",
        "CI",
        "GH",
        "KE",
        "TZ",
        "UG",
        "MZ",
        "ZM",
        "MW",
        "ET",
        "RW",
        "BF",
        "ML",
        "NE",
        "MA",
        "TN",
        "EG",
        "JO",
        "LB",
        "PE",
        "BO",
        "CO",
        "EC",
        "GT",
        "HN",
        "SV",
        "NI",
        "PY",
        "UA",
        "MD",
        "GE",
        "AM",
        "AL",
        "MK",
        "RS",
        "BA",
        "KG",
        "TJ",
        "IN",
        "BD",
        "NP",
        "LK",
        "PH",
        "ID",
        "VN",
        "KH",
        "US",
        "CA",
        "FR",
        "DE",
        "NL",
        "PL",
    ]
)
_LANGUAGES = (("fr", 0.3), ("es", 0.25), ("pt", 0.1), ("ar", 0.08), ("ru", 0.1), ("sw", 0.05))
_LEVELS = ("A2", "B1", "B2", "C1", "C2", "native")


def _topic_words() -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Return [(sector, words)] of the sectors with enough words, and the generic words."""
    text = resources.files("matcher").joinpath("data", "topic_words.tsv").read_text("utf-8")
    sectors, generic = [], []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, words = line.split("\t")
        if name == "generic":
            generic = words.split()
        elif len(words.split()) >= 12:
            sectors.append((name, words.split()))
    return sectors, generic


@dataclass(frozen=True)
class _Topic:
    sector: str
    sector_index: int
    words: tuple[str, ...]


class SyntheticWorld:
    """Topics (sub-fields of sectors), their words, and the word vectors of one seed."""

    def __init__(self, seed: int = 0, dim: int = 384) -> None:
        self.seed = seed
        self.dim = dim
        sectors, generic = _topic_words()
        topics: list[_Topic] = []
        for index, (sector, words) in enumerate(sectors):
            shuffled = words[:]
            random.Random(f"{seed}:{sector}").shuffle(shuffled)
            halves = [shuffled] if len(shuffled) < 40 else [shuffled[::2], shuffled[1::2]]
            topics.extend(_Topic(sector, index, tuple(h)) for h in halves)
        self.topics = topics
        self.generic = tuple(w for w in generic if not any(w in t.words for t in topics))
        self._pools: dict[tuple[str, ...], tuple[list[str], list[float]]] = {}
        for topic in topics:
            own, shared = 0.6 / len(topic.words), 0.4 / len(self.generic)
            weights = [own] * len(topic.words) + [shared] * len(self.generic)
            self._pools[topic.words] = (
                [*topic.words, *self.generic],
                list(np.cumsum(weights)),
            )
        rng = np.random.default_rng(seed)
        sector_vectors = normalize_rows(rng.standard_normal((len(sectors), dim)))
        topic_vectors = normalize_rows(
            0.6 * sector_vectors[[t.sector_index for t in topics]]
            + 0.8 * normalize_rows(rng.standard_normal((len(topics), dim)))
        )
        vocabulary: dict[str, int] = {}
        rows: list[np.ndarray] = []
        for t, topic in enumerate(topics):
            for word in topic.words:
                if word not in vocabulary:
                    vocabulary[word] = len(rows)
                    noise = normalize_rows(rng.standard_normal((1, dim)))[0]
                    rows.append(0.5 * topic_vectors[t] + 0.87 * noise)
        for word in self.generic:
            if word not in vocabulary:
                vocabulary[word] = len(rows)
                rows.append(normalize_rows(rng.standard_normal((1, dim)))[0])
        self.vocabulary = vocabulary
        self.word_vectors = normalize_rows(np.array(rows, dtype=np.float32))

    # Texts -------------------------------------------------------------------------------

    def _sentence(self, r: random.Random, topic: _Topic, words: int) -> str:
        """Write a sentence of which about 60% of the words are the topic's."""
        pool, weights = self._pools[topic.words]
        return " ".join(r.choices(pool, cum_weights=weights, k=words)).capitalize() + "."

    def _phrase(self, r: random.Random, topic: _Topic) -> str:
        return " ".join(dict.fromkeys(r.choices(topic.words, k=2 + (r.random() < 0.5))))

    def _topics_of(self, r: random.Random) -> list[_Topic]:
        main = r.choice(self.topics)
        chosen = [main]
        if r.random() < 0.4:  # a neighbouring field of the same sector
            chosen.append(r.choice([t for t in self.topics if t.sector == main.sector]))
        if r.random() < 0.3:  # and something else entirely
            chosen.append(r.choice(self.topics))
        return chosen

    def expert(self, i: int, texts_per_expert: int = 10) -> Expert:
        """Return expert i: always the same for the same seed and i."""
        r = random.Random(self.seed * 1_000_003 + i)
        topics = self._topics_of(r)

        def pick() -> _Topic:
            return topics[0] if r.random() < 0.65 else r.choice(topics)

        skills_n = max(1, round((texts_per_expert - 3) * 0.6))
        entries_n = max(1, texts_per_expert - 3 - skills_n)
        role = r.choice(_ROLES)
        kind = "member" if r.random() < 0.6 else "specialist"
        entries = []
        for _ in range(entries_n):
            start = r.randrange(1995, 2024)
            entries.append(
                ExperienceEntry(
                    title=f"{r.choice(_ROLES).capitalize()} of {self._phrase(r, pick())}",
                    organization=f"City of {r.choice(_TOWNS)}",
                    country=r.choice(_COUNTRIES),
                    start=f"{start}-{r.randrange(1, 13):02d}",
                    end=None if r.random() < 0.3 else f"{min(start + r.randrange(1, 9), 2025)}-06",
                    description=self._sentence(r, pick(), r.randrange(9, 15)),
                )
            )
        languages = [Language("en", r.choice(("C1", "C2", "native", "native")))]
        for code, share in _LANGUAGES:
            if r.random() < share:
                languages.append(Language(code, r.choice(_LEVELS)))
        windows = []
        if r.random() < 0.7:
            begin = date(2027, 1, 1) + timedelta(days=r.randrange(0, 300))
            windows.append(Window(begin, begin + timedelta(days=r.randrange(20, 150))))
        engagement: tuple[str, ...] = ("pro_bono",) if kind == "member" else ("paid",)
        if r.random() < 0.2:
            engagement = ("pro_bono", "paid")
        return Expert(
            id=f"x{i:07d}",
            name=f"Expert {i}",
            kind=kind,
            headline=f"{role.capitalize()}, {self._phrase(r, topics[0])}",
            summary=" ".join(self._sentence(r, pick(), r.randrange(8, 14)) for _ in range(2)),
            skills=tuple(dict.fromkeys(self._phrase(r, pick()) for _ in range(skills_n))),
            experience=tuple(entries),
            languages=tuple(languages),
            countries=tuple(dict.fromkeys(r.choice(_COUNTRIES) for _ in range(r.randrange(0, 4)))),
            sectors=tuple(dict.fromkeys(t.sector for t in topics)),
            years_experience=r.randrange(2, 36),
            engagement=engagement,
            availability=tuple(windows),
            travel=r.random() < 0.85,
            remote=r.random() < 0.8,
            conflicts=(f"City of {r.choice(_TOWNS)}",) if r.random() < 0.02 else (),
            active=r.random() < 0.95,
        )

    def assignment(self, j: int) -> Assignment:
        """Return assignment j: always the same for the same seed and j."""
        r = random.Random(self.seed * 1_000_003 + 10**9 + j)
        topic = r.choice(self.topics)
        town = r.choice(_TOWNS)
        country = r.choice([c for c in _COUNTRIES if c in REGIONS])
        start = date(2027, 1, 1) + timedelta(days=r.randrange(0, 330))
        languages: tuple[Language, ...] = ()
        if r.random() < 0.6:
            languages = (
                r.choice((Language("en", "B2"), Language("fr", "B2"), Language("es", "B1"))),
            )
        return Assignment(
            id=f"q{j:05d}",
            title=f"Support to {town} on {self._phrase(r, topic)}",
            description=" ".join(self._sentence(r, topic, r.randrange(10, 16)) for _ in range(2)),
            partner=f"City of {town}",
            country=country,
            sector=topic.sector,
            required_skills=tuple(
                dict.fromkeys(self._phrase(r, topic) for _ in range(r.randrange(1, 4)))
            ),
            preferred_skills=tuple(self._phrase(r, topic) for _ in range(r.randrange(0, 2))),
            languages=languages,
            engagement="pro_bono" if r.random() < 0.7 else "paid",
            start=start,
            end=start + timedelta(days=r.randrange(10, 60)),
            mode=r.choice(("in_country", "in_country", "remote", "hybrid")),
            min_years=r.choice((0, 0, 5, 10)),
        )


class SyntheticExperts(Sequence[Expert]):
    """The first n experts of a world, made on demand (a lazy sequence)."""

    def __init__(self, world: SyntheticWorld, n: int, texts_per_expert: int = 10) -> None:
        self.world = world
        self.n = n
        self.texts_per_expert = texts_per_expert

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, index: int) -> Expert: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Expert]: ...

    def __getitem__(self, index: int | slice) -> Expert | Sequence[Expert]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.n))]
        if not -self.n <= index < self.n:
            raise IndexError(index)
        return self.world.expert(index % self.n, self.texts_per_expert)

    def __iter__(self) -> Iterator[Expert]:
        return (self.world.expert(i, self.texts_per_expert) for i in range(self.n))


class SyntheticEmbedder:
    """Embed a text as the normalised sum of its words' vectors (a pure, fast function)."""

    cheap = True
    """Fast and deterministic: the Matcher does not cache it, it asks it again."""

    def __init__(self, world: SyntheticWorld) -> None:
        self.world = world
        self._vocabulary = dict(world.vocabulary)
        self._rows = [world.word_vectors]
        self._matrix = world.word_vectors

    @property
    def name(self) -> str:
        return f"synthetic-{self.world.seed}"

    @property
    def dim(self) -> int:
        return self.world.dim

    def _unknown(self, word: str) -> int:
        """Give a word outside the topic lists a fixed random vector, and return its row."""
        seed = int.from_bytes(word.encode("utf-8")[:16].ljust(16, b"\0"), "little")
        rng = np.random.default_rng([self.world.seed, seed, len(word)])
        self._rows.append(normalize_rows(rng.standard_normal((1, self.dim))))
        index = self._vocabulary[word] = len(self._vocabulary)
        return index

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return unit float32 rows, one per text."""
        vocabulary = self._vocabulary
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            for word in _WORD.findall(text.lower()):
                index = vocabulary.get(word)
                indices.append(self._unknown(word) if index is None else index)
            indptr.append(len(indices))
        if len(self._rows) > 1:
            self._matrix = np.concatenate(self._rows).astype(np.float32)
            self._rows = [self._matrix]
        counts = sparse.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), indices, indptr),
            shape=(len(texts), len(self._matrix)),
        )
        return normalize_rows(np.asarray(counts @ self._matrix))
