"""The bridge to the engine: one embedder and one fitted Matcher per worker, kept current.

Every gunicorn worker (on any machine) holds its own index of the visible experts. The
database says what changed: each transaction that adds, edits or deletes experts bumps the
`expert_version` row and lists the experts in `expert_change` (flush hooks below, so every
path through the ORM is covered: forms, API, imports, demo data). Before a worker ranks, it
reads the version (one small query); when it moved, the worker applies just the changed
experts to a copy of its index and swaps it in, so requests already ranking keep a
consistent index. Every worker thus answers from the same experts within one request of a
change, and rankings are cached per (assignment, filters, history, version).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from flask import Flask, current_app
from sqlalchemy import event, func, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from matcher.embeddings import CachedEmbedder, Embedder, load_embedder
from models import Embedding, Expert, ExpertChange, ExpertVersion, WeightSet
from models.base import utcnow
from web.config import Settings

if TYPE_CHECKING:
    from matcher.engine import Matcher, Ranked
    from matcher.records import Assignment as AssignmentRecord
    from matcher.records import Expert as ExpertRecord
    from matcher.scoring import Deployment, Weights

_CHUNK = 2000
KEEP_VERSIONS = 10_000
"""Change rows older than this many versions are pruned; a worker further behind reloads."""
MEMORY_VECTORS = 50_000
"""Vectors each worker keeps in memory besides its index (queries, recent changes)."""
RANKINGS_CACHED = 64
FLOAT32_UP_TO = 50_000
"""Pools up to this size keep float32 vectors; larger ones keep float16 (see matcher.index)."""


class DatabaseVectorStore:
    """Keep vectors in the `embedding` table, shared by every worker and machine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Return the stored vectors among `hashes`."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with Session(self.engine) as session:
            for start in range(0, len(unique), _CHUNK):
                rows = session.exec(
                    select(Embedding.text_hash, Embedding.vector).where(
                        Embedding.model == model,
                        Embedding.text_hash.in_(unique[start : start + _CHUNK]),  # type: ignore[attr-defined]
                    )
                )
                for text_hash, blob in rows:
                    found[text_hash] = np.frombuffer(blob, dtype="<f4")
        return found

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Store vectors; a hash another worker stored first is left as it is."""
        if not vectors:
            return
        self.insert_new(model, vectors)

    def present(self, model: str, hashes: Sequence[str]) -> set[str]:
        """Return which of `hashes` are stored (without reading their vectors)."""
        found: set[str] = set()
        unique = list(dict.fromkeys(hashes))
        with Session(self.engine) as session:
            for start in range(0, len(unique), _CHUNK):
                found.update(
                    session.exec(
                        select(Embedding.text_hash).where(
                            Embedding.model == model,
                            Embedding.text_hash.in_(unique[start : start + _CHUNK]),  # type: ignore[attr-defined]
                        )
                    )
                )
        return found

    def insert_new(self, model: str, vectors: Mapping[str, np.ndarray]) -> set[str]:
        """Store vectors; return the hashes stored now (not those another worker stored)."""
        if self.engine.dialect.name == "postgresql" and self._copy(model, vectors):
            return set(vectors)
        insert_ = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        rows = [
            {
                "model": model,
                "text_hash": text_hash,
                "dim": int(vector.shape[0]),
                "vector": np.asarray(vector, dtype="<f4").tobytes(),
                "created_at": utcnow(),
            }
            for text_hash, vector in vectors.items()
        ]
        stored: set[str] = set()
        with self.engine.begin() as connection:
            for start in range(0, len(rows), _CHUNK // 4):
                statement = (
                    insert_(Embedding)
                    .values(rows[start : start + _CHUNK // 4])
                    .on_conflict_do_nothing(index_elements=["model", "text_hash"])
                    .returning(Embedding.text_hash)  # type: ignore[arg-type]
                )
                stored.update(connection.execute(statement).scalars())
        return stored

    def _copy(self, model: str, vectors: Mapping[str, np.ndarray]) -> bool:
        """Load new vectors with PostgreSQL's binary COPY (several times faster than INSERT).

        Return False, having stored nothing, if any of them was stored meanwhile.
        """
        from psycopg import errors

        now = utcnow()
        try:
            with self.engine.begin() as connection:
                driver = connection.connection.driver_connection
                assert driver is not None
                statement = (
                    "COPY embedding (model, text_hash, dim, vector, created_at) "
                    "FROM STDIN (FORMAT BINARY)"
                )
                with driver.cursor() as cursor, cursor.copy(statement) as copy:
                    copy.set_types(["varchar", "varchar", "int4", "bytea", "timestamptz"])
                    for text_hash, vector in vectors.items():
                        blob = np.asarray(vector, dtype="<f4").tobytes()
                        copy.write_row((model, text_hash, int(vector.shape[0]), blob, now))
        except errors.UniqueViolation:
            return False
        return True


# Change stamps ---------------------------------------------------------------------------


def _upsert(connection: Connection) -> Any:
    return pg_insert if connection.dialect.name == "postgresql" else sqlite_insert


def stamp_changes(connection: Connection, expert_ids: Iterable[str | None]) -> int:
    """Bump the version and record which experts it changed (None: possibly all); return it.

    Runs inside the changing transaction: the counter row stays locked until it commits,
    so two transactions never share a version and versions become visible in order.
    """
    table = ExpertVersion.__table__  # type: ignore[attr-defined]
    statement = (
        _upsert(connection)(table)
        .values(id=1, version=1)
        .on_conflict_do_update(index_elements=["id"], set_={"version": table.c.version + 1})
        .returning(table.c.version)
    )
    version = int(connection.execute(statement).scalar_one())
    now = utcnow()
    connection.execute(
        insert(ExpertChange.__table__),  # type: ignore[attr-defined]
        [
            {"version": version, "expert_id": i, "changed_at": now}
            for i in sorted(set(expert_ids), key=str)
        ],
    )
    if version % 1000 == 0:
        connection.execute(
            ExpertChange.__table__.delete().where(  # type: ignore[attr-defined]
                ExpertChange.version <= version - KEEP_VERSIONS
            )
        )
    return version


@event.listens_for(OrmSession, "before_flush")
def _collect_changed_experts(session: OrmSession, _context: Any, _instances: Any) -> None:
    """Note the experts this flush adds, changes or deletes."""
    changed = session.info.setdefault("changed_experts", set())
    for obj in session.new | session.deleted:
        if isinstance(obj, Expert):
            changed.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Expert) and session.is_modified(obj):
            changed.add(obj.id)


@event.listens_for(OrmSession, "after_flush")
def _stamp_changed_experts(session: OrmSession, _context: Any) -> None:
    """Stamp the noted experts in the flush's own transaction."""
    changed = session.info.pop("changed_experts", None)
    if changed:
        stamp_changes(session.connection(), changed)


@event.listens_for(OrmSession, "do_orm_execute")
def _stamp_bulk_statements(state: ORMExecuteState) -> None:
    """A bulk UPDATE or DELETE of experts names no one: every worker reloads everything."""
    if (state.is_update or state.is_delete) and any(m.class_ is Expert for m in state.all_mappers):
        stamp_changes(state.session.connection(), [None])


def current_version(session: Session) -> int:
    """Return the version of the experts (0 before any change)."""
    row = session.exec(select(ExpertVersion.version).where(ExpertVersion.id == 1)).first()
    return int(row or 0)


# The service -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fitted:
    """A fitted matcher and what it was fitted on (replaced whole, never changed)."""

    matcher: Matcher
    version: int
    weights_key: tuple[tuple[str, float], ...]


class MatchingService:
    """Own the embedder and the fitted Matcher of this worker."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self._lock = threading.RLock()
        self._embedder: CachedEmbedder | None = None
        self._fitted: _Fitted | None = None
        self._rankings: OrderedDict[Hashable, Ranked] = OrderedDict()
        self.refits = 0
        self.updates = 0

    @classmethod
    def init_app(cls, app: Flask, settings: Settings) -> None:
        """Attach an (unloaded) service to the app; nothing heavy happens here."""
        app.extensions["matching"] = cls(settings, _engine(app))

    def use_embedder(self, embedder: Embedder) -> None:
        """Use an already loaded embedder (tests share one per session)."""
        with self._lock:
            self._embedder = self._cached(embedder)
            self._fitted = None

    def _cached(self, embedder: Embedder) -> CachedEmbedder:
        return CachedEmbedder(embedder, DatabaseVectorStore(self.engine), max_memory=MEMORY_VECTORS)

    @property
    def embedder(self) -> CachedEmbedder:
        """Return the cached embedder, loading the model on first use."""
        with self._lock:
            if self._embedder is None:
                self._embedder = self._cached(
                    load_embedder(
                        self.settings.embedding_model,
                        precision=self.settings.embedding_precision,
                        runtime=self.settings.embedding_runtime,
                    )
                )
            return self._embedder

    def bulk_embedder(self, *, compile: bool) -> CachedEmbedder:
        """Return an embedder for bulk work: this worker's, or a compiled torch model."""
        embedder = self.embedder
        base = embedder.embedder
        while isinstance(base, CachedEmbedder):
            base = base.embedder
        if not compile or getattr(base, "runtime", "torch") != "torch":
            return embedder
        return self._cached(
            load_embedder(
                self.settings.embedding_model,
                precision=self.settings.embedding_precision,
                runtime=self.settings.embedding_runtime,
                compile=True,
            )
        )

    def matcher(self, session: Session) -> Matcher:
        """Return a Matcher of every visible expert, brought up to the database's version."""
        return self._current(session).matcher

    def _current(self, session: Session) -> _Fitted:
        version = current_version(session)
        weights = active_weights(session)
        key = tuple(sorted(weights.to_dict().items()))
        fitted = self._fitted
        if fitted is not None and fitted.version == version and fitted.weights_key == key:
            return fitted
        with self._lock:
            fitted = self._fitted
            if fitted is None:
                fitted = self._fit(session, version, weights, key)
            if fitted.version != version:
                fitted = self._update(session, fitted, version)
            if fitted.weights_key != key:  # same index, other weights
                reweighted = copy.copy(fitted.matcher)
                reweighted.weights = weights
                fitted = _Fitted(reweighted, fitted.version, key)
            self._fitted = fitted
            return fitted

    def _fit(
        self, session: Session, version: int, weights: Weights, key: tuple[tuple[str, float], ...]
    ) -> _Fitted:
        """Fit a new Matcher on every visible expert."""
        from matcher.engine import Matcher

        rows = session.exec(
            select(Expert).where(Expert.visible == True).order_by(Expert.id)  # noqa: E712
        ).all()
        precision = "float32" if len(rows) <= FLOAT32_UP_TO else "float16"
        matcher = Matcher(self.embedder, weights, precision=precision)
        matcher.fit([row.to_record() for row in rows])
        self.refits += 1
        self._rankings.clear()
        return _Fitted(matcher, version, key)

    def _update(self, session: Session, fitted: _Fitted, version: int) -> _Fitted:
        """Apply the experts changed since the fitted version to a copy of the matcher."""
        changes = session.exec(
            select(ExpertChange.expert_id).where(
                ExpertChange.version > fitted.version, ExpertChange.version <= version
            )
        ).all()
        oldest = session.exec(select(func.min(ExpertChange.version))).one()
        matcher = fitted.matcher
        ids = set(changes)
        behind = oldest is None or oldest > fitted.version + 1
        if None in ids or behind or len(ids) > max(1000, len(matcher.index_) // 5):
            return self._fit(session, version, matcher.weights, fitted.weights_key)
        rows = session.exec(select(Expert).where(Expert.id.in_(ids))).all()  # type: ignore[union-attr]
        visible = [row.to_record() for row in rows if row.visible]
        gone = [i for i in ids if i in matcher.index_ and i not in {e.id for e in visible}]
        updated = matcher.copy()
        if gone:
            updated.remove(gone)
        if visible:
            updated.add(visible)
        self.updates += 1
        return _Fitted(updated, version, fitted.weights_key)

    def rank(
        self,
        session: Session,
        assignment: AssignmentRecord,
        *,
        top_k: int | None,
        include_ineligible: bool = False,
        history: Mapping[str, Sequence[Deployment]] | None = None,
        where: Callable[[ExpertRecord], bool] | None = None,
        where_key: Hashable = None,
        today: date | None = None,
    ) -> Ranked:
        """Rank the visible experts for an assignment, from this worker's cache when it can.

        `where_key` names the `where` filter (equal keys, equal filters); without it a
        filtered ranking is not cached.
        """
        fitted = self._current(session)
        history = history or {}
        key: Hashable = (
            fitted.version,
            fitted.weights_key,
            assignment,
            top_k,
            include_ineligible,
            tuple(sorted((k, tuple(v)) for k, v in history.items())),
            where_key,
            today or date.today(),
        )
        cacheable = where is None or where_key is not None
        if cacheable:
            with self._lock:
                if key in self._rankings:
                    self._rankings.move_to_end(key)
                    return self._rankings[key]
        ranked = fitted.matcher.ranked(
            assignment,
            top_k=top_k,
            include_ineligible=include_ineligible,
            history=history,
            where=where,
            today=today,
        )
        if cacheable:
            with self._lock:
                self._rankings[key] = ranked
                while len(self._rankings) > RANKINGS_CACHED:
                    self._rankings.popitem(last=False)
        return ranked


def _engine(app: Flask) -> Engine:
    engine = app.extensions["database"].engine
    assert engine is not None
    return engine


def active_weights(session: Session) -> Weights:
    """Return the active learned weight set, or the engine's defaults."""
    from matcher.scoring import Weights

    row = session.exec(select(WeightSet).where(WeightSet.active == True)).first()  # noqa: E712
    return Weights.from_mapping(row.weights) if row else Weights()


def matching() -> MatchingService:
    """Return this app's matching service."""
    service: MatchingService = current_app.extensions["matching"]
    return service


# Embedding in bulk -----------------------------------------------------------------------


def pending_texts(*, service: MatchingService, session: Session) -> list[str]:
    """Return the distinct texts of visible experts that have no stored vector yet."""
    from matcher.index import profile_strings

    rows = session.exec(select(Expert).where(Expert.visible == True))  # noqa: E712
    strings = dict.fromkeys(s for row in rows for s in profile_strings(row.to_record()))
    return service.embedder.missing(list(strings))


def embed_texts(
    *,
    embedder: CachedEmbedder,
    texts: Sequence[str],
    batch: int = 512,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Encode texts in batches, storing (and committing) each batch as it is done.

    Shortest texts first, so batches pad little. An interrupted run loses at most one
    batch: the next run finds the stored vectors and encodes only the rest.
    """
    ordered = sorted(texts, key=len)
    for start in range(0, len(ordered), batch):
        chunk = ordered[start : start + batch]
        embedder.encode_new(chunk)
        if progress is not None:
            progress(len(chunk))
    return len(ordered)
