"""The bridge to the engine: one embedder and one fitted Matcher per worker, kept current."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from flask import Flask, current_app
from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from matcher.embeddings import CachedEmbedder, Embedder, load_embedder
from models import Embedding, Expert, WeightSet
from web.config import Settings

if TYPE_CHECKING:
    from matcher.engine import Matcher
    from matcher.scoring import Weights

_CHUNK = 500


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
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        rows = [
            {
                "model": model,
                "text_hash": text_hash,
                "dim": int(vector.shape[0]),
                "vector": np.asarray(vector, dtype="<f4").tobytes(),
            }
            for text_hash, vector in vectors.items()
        ]
        with self.engine.begin() as connection:
            for start in range(0, len(rows), _CHUNK):
                statement = insert(Embedding).values(rows[start : start + _CHUNK])
                connection.execute(
                    statement.on_conflict_do_nothing(index_elements=["model", "text_hash"])
                )


@dataclass(frozen=True)
class DataVersion:
    """What changes whenever any expert changes: the rebuild trigger shared by all workers."""

    count: int
    latest: Any


class MatchingService:
    """Own the embedder and the fitted Matcher of this worker."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self._lock = threading.RLock()
        self._embedder: CachedEmbedder | None = None
        self._matcher: Matcher | None = None
        self._version: DataVersion | None = None
        self._weights_key: tuple[tuple[str, float], ...] | None = None

    @classmethod
    def init_app(cls, app: Flask, settings: Settings) -> None:
        """Attach an (unloaded) service to the app; nothing heavy happens here."""
        app.extensions["matching"] = cls(settings, _engine(app))

    def use_embedder(self, embedder: Embedder) -> None:
        """Use an already loaded embedder (tests share one per session)."""
        with self._lock:
            self._embedder = CachedEmbedder(embedder, DatabaseVectorStore(self.engine))
            self._matcher = None

    @property
    def embedder(self) -> CachedEmbedder:
        """Return the cached embedder, loading the model on first use."""
        with self._lock:
            if self._embedder is None:
                base = load_embedder(
                    self.settings.embedding_model, precision=self.settings.embedding_precision
                )
                self._embedder = CachedEmbedder(base, DatabaseVectorStore(self.engine))
            return self._embedder

    def matcher(self, session: Session) -> Matcher:
        """Return a Matcher fitted on every visible expert, refitted when any expert changed."""
        from matcher.engine import Matcher

        version = data_version(session)
        weights = active_weights(session)
        key = tuple(sorted(weights.to_dict().items()))
        with self._lock:
            if self._matcher is None or version != self._version or key != self._weights_key:
                rows = session.exec(
                    select(Expert).where(Expert.visible == True).order_by(Expert.id)  # noqa: E712
                ).all()
                matcher = Matcher(self.embedder, weights)
                self._matcher = matcher.fit([row.to_record() for row in rows])
                self._version, self._weights_key = version, key
            return self._matcher


def _engine(app: Flask) -> Engine:
    engine = app.extensions["database"].engine
    assert engine is not None
    return engine


def data_version(session: Session) -> DataVersion:
    """Return the count and latest change of visible experts."""
    count, latest = session.exec(
        select(func.count(), func.max(Expert.updated_at)).where(Expert.visible == True)  # noqa: E712
    ).one()
    return DataVersion(int(count), latest)


def active_weights(session: Session) -> Weights:
    """Return the active learned weight set, or the engine's defaults."""
    from matcher.scoring import Weights

    row = session.exec(select(WeightSet).where(WeightSet.active == True)).first()  # noqa: E712
    return Weights.from_mapping(row.weights) if row else Weights()


def matching() -> MatchingService:
    """Return this app's matching service."""
    service: MatchingService = current_app.extensions["matching"]
    return service
