"""The in-memory index of experts: per-expert vectors and facts, text vectors by precision.

Every expert has texts (evidence units) and passages (finer cuts of the same profile); their
distinct strings are embedded once and kept as one block of rows per expert. Three precisions:

- ``float32``: the rows are kept as they are; scoring reads them directly (exact).
- ``float16``: the rows are kept at half the size (centroids stay float32); the ranking
  uses them to choose whom to score, and every score it returns is computed again from the
  exact float32 vectors, fetched through the embedder (its cache or store).
- ``int8``: for a million experts. The centroids are kept at one byte per dimension and a
  scale per expert (the first stage scans them); the rows and a copy of each centroid are
  kept at float16 in a temporary file, outside the process's memory (the operating
  system's page cache holds it), and read as ``float16``'s are for the few thousand experts
  the first stage shortlists; scores are computed again from exact vectors as with
  ``float16``.

Records may be a lazy sequence (a million experts need not all be objects in memory): the
index then reads them only for the experts it scores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.columns import ExpertColumns
from matcher.embeddings import Embedder, normalize_rows
from matcher.errors import ConfigError, UnknownIdError
from matcher.growable import FileGrowable, Growable, ranges
from matcher.records import Expert
from matcher.texts import ProfileText, expert_passages, expert_texts

__all__ = [
    "INDEX_PRECISIONS",
    "ExpertIndex",
    "ExpertVectors",
    "FlatVectors",
    "VectorBlock",
    "profile_strings",
    "quantize_int8",
]

INDEX_PRECISIONS: tuple[str, ...] = ("float32", "float16", "int8")
_STORAGE = {"float32": np.float32, "float16": np.float16, "int8": np.float16}
_CHUNK_ROWS = 16_384
_INT8_SCAN_FROM = 50_000
"""From this many experts, stage one scans int8 copies of the centroids (4x less memory
traffic; torch's int8 product when torch is installed)."""


class FlatVectors:
    """Texts of many owners in one matrix; owner i has rows offsets[i]:offsets[i+1]."""

    def __init__(self, dim: int) -> None:
        self.vectors = np.zeros((0, dim), dtype=np.float32)
        self.offsets = np.zeros(1, dtype=np.int64)
        self.texts: list[ProfileText] = []

    def append(self, groups: Sequence[Sequence[ProfileText]], vectors: np.ndarray) -> None:
        """Append one group of texts per owner, with their vectors in the same order."""
        counts = np.array([len(g) for g in groups], dtype=np.int64)
        self.offsets = np.concatenate([self.offsets, self.offsets[-1] + np.cumsum(counts)])
        self.vectors = np.concatenate([self.vectors, vectors.astype(np.float32, copy=False)])
        self.texts.extend(t for g in groups for t in g)

    def span(self, owner: int) -> slice:
        """Return the rows of one owner."""
        return slice(int(self.offsets[owner]), int(self.offsets[owner + 1]))


@dataclass(frozen=True)
class ExpertVectors:
    """One expert's part of the index: texts (evidence units) and finer passages."""

    expert: Expert
    texts: tuple[ProfileText, ...]
    vectors: np.ndarray
    centroid: np.ndarray
    passages: tuple[ProfileText, ...]
    passage_vectors: np.ndarray
    indexed: bool = True
    """False for an expert embedded on the spot (not in the index, or changed since)."""


@dataclass(frozen=True)
class VectorBlock:
    """The float32 vectors of several experts, in the order asked for.

    `rows` holds each expert's distinct strings once; its texts are rows[text_rows[a:b]]
    with a, b = text_offsets[i], text_offsets[i + 1], and its passages likewise.
    """

    rows: np.ndarray
    text_rows: np.ndarray
    text_offsets: np.ndarray
    passage_rows: np.ndarray
    passage_offsets: np.ndarray
    centroids: np.ndarray
    exact: bool
    """False when the vectors are the float16 copies (within 2**-11 of the exact ones)."""

    @property
    def texts(self) -> np.ndarray:
        """Return the text vectors, expert after expert."""
        return self.rows[self.text_rows]

    @property
    def passages(self) -> np.ndarray:
        """Return the passage vectors, expert after expert."""
        return self.rows[self.passage_rows]


def quantize_int8(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return int8 rows and one float32 scale per row (value = int8 * scale)."""
    peak = np.abs(matrix).max(axis=1) if len(matrix) else np.zeros(0, dtype=np.float32)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    quantized = np.rint(matrix / scales[:, None]).clip(-127, 127).astype(np.int8)
    return quantized, scales


@dataclass(frozen=True)
class _Cut:
    """An expert's texts, passages and the distinct strings embedded for both."""

    texts: list[ProfileText]
    passages: list[ProfileText]
    strings: list[str]
    passage_rows: list[int]

    @classmethod
    def of(cls, expert: Expert) -> _Cut:
        texts, passages = expert_texts(expert), expert_passages(expert)
        rows = {t.text: i for i, t in enumerate(texts)}
        for p in passages:
            rows.setdefault(p.text, len(rows))
        return cls(texts, passages, list(rows), [rows[p.text] for p in passages])


def profile_strings(expert: Expert) -> list[str]:
    """Return the distinct strings an index embeds for an expert (texts, then passages)."""
    return _Cut.of(expert).strings


class ExpertIndex:
    """Experts' vectors and facts in flat arrays, one row block per expert.

    `centroids_` holds each expert's mean text vector (unit length): the first stage of a
    ranking scans it. `columns` holds the facts the hard rules read.
    """

    def __init__(
        self, embedder: Embedder, *, precision: str = "float32", chunk_size: int = 2048
    ) -> None:
        if precision not in INDEX_PRECISIONS:
            raise ConfigError(
                f"index precision must be one of {', '.join(INDEX_PRECISIONS)}, not {precision!r}"
            )
        self.embedder = embedder
        self.precision = precision
        self.chunk_size = chunk_size

    # Building ------------------------------------------------------------------------------

    def fit(
        self,
        experts: Sequence[Expert] | Iterable[Expert],
        *,
        on_chunk: Callable[[Sequence[Expert]], object] | None = None,
    ) -> ExpertIndex:
        """Embed every expert's texts and build the arrays.

        A list or tuple is kept as the records; any other sequence is read in chunks and kept
        as it is (lazy: it is asked again for the experts that are scored). `on_chunk` sees
        each chunk of experts as it is indexed (the key-term model follows along).
        """
        dim = self.embedder.dim
        storage = _STORAGE[self.precision]
        self._ids: list[str] = []
        self.positions_: dict[str, int] = {}
        self._records: Sequence[Expert] = []
        self.columns = ExpertColumns()
        on_file = self.precision == "int8"
        self._centroids = Growable(np.int8 if on_file else np.float32, dim)
        self._scales = Growable(np.float32)
        self._rows = FileGrowable(storage, dim) if on_file else Growable(storage, dim)
        self._centroid_copies = (FileGrowable if on_file else Growable)(storage, dim)
        """float16 copies of the centroids for stage two (int8 only: the others read theirs)."""
        self._row_offsets = Growable(np.int64)
        self._row_offsets.extend(np.zeros(1, dtype=np.int64))
        self._text_counts = Growable(np.int64)
        self._passage_rows = Growable(np.int32)
        self._passage_offsets = Growable(np.int64)
        self._passage_offsets.extend(np.zeros(1, dtype=np.int64))
        self._scan: tuple[np.ndarray, np.ndarray] | None = None
        if isinstance(experts, Sequence) and not isinstance(experts, list | tuple):
            for chunk in _chunks(experts, self.chunk_size):
                self._append(chunk)
                for e in chunk:
                    self.positions_[e.id] = len(self._ids)
                    self._ids.append(e.id)
                if on_chunk is not None:
                    on_chunk(chunk)
            self._records = experts
        else:
            self.add(experts, on_chunk=on_chunk)
        for array in self._arrays():
            array.trim()
        self.columns.trim()
        return self

    def _append(self, experts: Sequence[Expert]) -> None:
        """Embed a chunk of experts and append their rows, centroids and facts."""
        cuts = [_Cut.of(e) for e in experts]
        flat = [s for c in cuts for s in c.strings]
        dim = self.embedder.dim
        vectors = self.embedder.encode(flat) if flat else np.zeros((0, dim), dtype=np.float32)
        vectors = np.asarray(vectors, dtype=np.float32)
        centroids = np.zeros((len(cuts), dim), dtype=np.float32)
        start = 0
        for row, cut in enumerate(cuts):
            if cut.texts:
                centroids[row] = vectors[start : start + len(cut.texts)].mean(axis=0)
            start += len(cut.strings)
        centroids = normalize_rows(centroids)
        self._scan = None
        if self.precision == "int8":
            quantized, scales = quantize_int8(centroids)
            self._centroids.extend(quantized)
            self._scales.extend(scales)
            self._centroid_copies.extend(centroids)
        else:
            self._centroids.extend(centroids.astype(self._centroids.dtype))
        counts = np.array([len(c.strings) for c in cuts], dtype=np.int64)
        self._rows.extend(vectors.astype(self._rows.dtype))
        self._row_offsets.extend(self._row_offsets.view[-1] + np.cumsum(counts))
        self._text_counts.extend(np.array([len(c.texts) for c in cuts], dtype=np.int64))
        local = [r for c in cuts for r in c.passage_rows]
        self._passage_rows.extend(np.array(local, dtype=np.int32))
        lengths = np.array([len(c.passages) for c in cuts], dtype=np.int64)
        self._passage_offsets.extend(self._passage_offsets.view[-1] + np.cumsum(lengths))
        self.columns.append(experts)

    def add(
        self,
        experts: Iterable[Expert],
        *,
        on_chunk: Callable[[Sequence[Expert]], object] | None = None,
    ) -> ExpertIndex:
        """Add experts, replacing any already indexed under the same id."""
        experts = list({e.id: e for e in experts}.values())
        replaced = [e.id for e in experts if e.id in self.positions_]
        if replaced:
            self.remove(replaced)
        if not isinstance(self._records, list):
            self._records = list(self._records)
        for chunk in _chunks(experts, self.chunk_size):
            self._append(chunk)
            for e in chunk:
                self.positions_[e.id] = len(self._ids)
                self._ids.append(e.id)
                self._records.append(e)
            if on_chunk is not None:
                on_chunk(chunk)
        return self

    def remove(self, expert_ids: Iterable[str]) -> ExpertIndex:
        """Drop experts by id; unknown ids raise UnknownIdError."""
        drop = set(expert_ids)
        missing = sorted(drop - set(self.positions_))
        if missing:
            raise UnknownIdError(f"unknown expert id(s): {', '.join(missing)}")
        if not drop:
            return self
        keep = np.array([p for p, i in enumerate(self._ids) if i not in drop], dtype=np.int64)
        self._keep(keep)
        records = self._records
        self._records = [records[p] for p in keep.tolist()]
        self._ids = [self._ids[p] for p in keep.tolist()]
        self.positions_ = {expert_id: p for p, expert_id in enumerate(self._ids)}
        return self

    def _keep(self, keep: np.ndarray) -> None:
        """Keep only the given positions (ascending) in every array."""
        self._scan = None
        self._centroids.select(keep)
        if self.precision == "int8":
            self._scales.select(keep)
            self._centroid_copies.select(keep)
        offsets = self._row_offsets.view
        self._rows.select(ranges(offsets[keep], offsets[keep + 1]))
        self._row_offsets.replace(_offsets(offsets[keep + 1] - offsets[keep]))
        self._text_counts.select(keep)
        offsets = self._passage_offsets.view
        self._passage_rows.select(ranges(offsets[keep], offsets[keep + 1]))
        self._passage_offsets.replace(_offsets(offsets[keep + 1] - offsets[keep]))
        self.columns.keep(keep)

    # Reading -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, expert_id: object) -> bool:
        return expert_id in self.positions_

    @property
    def ids_(self) -> list[str]:
        """Return the expert ids in index order."""
        return self._ids

    @property
    def experts_(self) -> Sequence[Expert]:
        """Return the indexed experts, in index order."""
        return self._records

    def position(self, expert_id: str) -> int:
        """Return the row of an expert; raise UnknownIdError if it is not indexed."""
        try:
            return self.positions_[expert_id]
        except KeyError:
            raise UnknownIdError(f"unknown expert id: {expert_id}") from None

    @property
    def centroids_(self) -> np.ndarray:
        """Return every centroid as float32 (a copy unless the precision is float32)."""
        return self._dequantize(0, len(self))

    def _dequantize(self, start: int, stop: int) -> np.ndarray:
        block = self._centroids.view[start:stop].astype(np.float32, copy=False)
        if self.precision == "int8":
            block = block * self._scales.view[start:stop, None]
        return block

    def centroid_similarities(
        self, queries: np.ndarray, positions: np.ndarray | None = None
    ) -> np.ndarray:
        """Return (experts x queries) cosines of the centroids with unit query rows.

        Exact for small float32 indexes; otherwise computed from int8 copies of the
        centroids and the queries (within about 0.02: this is stage one's estimate), with
        torch's int8 matrix product when torch is there.
        """
        queries = np.asarray(queries, dtype=np.float32)
        count = len(self) if positions is None else len(positions)
        if self.precision != "int8" and len(self) < _INT8_SCAN_FROM:
            centroids = self._centroids.view
            return (centroids if positions is None else centroids[positions]) @ queries.T
        codes, scales = self._scan_codes()
        if positions is not None and count == len(self):
            positions = None
        if positions is not None:
            scales = scales[positions]
        out = _int8_product(codes, positions, queries)
        if out is None:
            out = np.empty((count, len(queries)), dtype=np.float32)
            rows = np.arange(len(self)) if positions is None else positions
            for start in range(0, count, _CHUNK_ROWS):
                chunk = rows[start : start + _CHUNK_ROWS]
                out[start : start + len(chunk)] = codes[chunk].astype(np.float32) @ queries.T
            return out * scales[:, None]
        return out * scales[:, None]

    def _scan_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Return int8 centroids and their scales (the stored ones, or a copy made once)."""
        if self.precision == "int8":
            return self._centroids.view, self._scales.view
        if self._scan is None or len(self._scan[0]) != len(self):
            self._scan = quantize_int8(self._centroids.view)
        return self._scan

    @property
    def centroid_error(self) -> float:
        """Return a bound on |stored - exact| cosine of a centroid with a unit vector."""
        if self.precision != "int8":
            return 0.0
        scales = self._scales.view
        dim = self._centroids.width or 1
        return float(scales.max() / 2 * np.sqrt(dim)) if len(scales) else 0.0

    @property
    def texts_(self) -> FlatVectors:
        """Return every expert's texts and exact vectors (built on demand; for inspection)."""
        return self._flat(texts=True)

    @property
    def passages_(self) -> FlatVectors:
        """Return every expert's passages and exact vectors (built on demand)."""
        return self._flat(texts=False)

    def _flat(self, *, texts: bool) -> FlatVectors:
        flat = FlatVectors(self.embedder.dim)
        for position in range(len(self)):
            part = self.slice(position)
            if texts:
                flat.append([part.texts], part.vectors)
            else:
                flat.append([part.passages], part.passage_vectors)
        return flat

    def slice(self, position: int) -> ExpertVectors:
        """Return the exact texts and vectors of the expert at a row."""
        return self.slices([position])[0]

    def slices(self, positions: Sequence[int] | np.ndarray) -> list[ExpertVectors]:
        """Return the exact texts and vectors of several experts (fetched in one batch)."""
        positions = [int(p) for p in positions]
        experts = [self._records[p] for p in positions]
        cuts = [_Cut.of(e) for e in experts]
        block = self.block(positions, exact=True, cuts=cuts)
        return self._slices(experts, cuts, block, indexed=True)

    def vectors_for(self, expert: Expert) -> ExpertVectors:
        """Return an expert's texts and vectors without indexing it (embedded on the spot)."""
        cut = _Cut.of(expert)
        block = self._fetch(np.zeros(1, dtype=np.int64), [cut])
        return self._slices([expert], [cut], block, indexed=False)[0]

    def _slices(
        self,
        experts: Sequence[Expert],
        cuts: Sequence[_Cut],
        block: VectorBlock,
        *,
        indexed: bool,
    ) -> list[ExpertVectors]:
        t, p = block.text_offsets, block.passage_offsets
        return [
            ExpertVectors(
                expert=expert,
                texts=tuple(cut.texts),
                vectors=block.rows[block.text_rows[t[i] : t[i + 1]]],
                centroid=block.centroids[i],
                passages=tuple(cut.passages),
                passage_vectors=block.rows[block.passage_rows[p[i] : p[i + 1]]],
                indexed=indexed,
            )
            for i, (expert, cut) in enumerate(zip(experts, cuts, strict=True))
        ]

    def block(
        self,
        positions: Sequence[int] | np.ndarray,
        *,
        exact: bool = True,
        cuts: Sequence[_Cut] | None = None,
    ) -> VectorBlock:
        """Return the vectors of several experts: from memory, or fetched when not kept."""
        positions = np.asarray(positions, dtype=np.int64)
        if self.precision == "float32" or not exact:
            return self._gather(positions)
        return self._fetch(positions, cuts)

    def _gather(self, positions: np.ndarray) -> VectorBlock:
        offsets = self._row_offsets.view
        starts, ends = offsets[positions], offsets[positions + 1]
        rows = _float32(self._rows.spans(starts, ends))
        centroids = self._centroid_copies if self.precision == "int8" else self._centroids
        return self._assemble(
            rows,
            ends - starts,
            self._text_counts.view[positions],
            self._passage_offsets.view,
            positions,
            _float32(centroids.spans(positions, positions + 1)),
            exact=self.precision == "float32",
        )

    def _assemble(
        self,
        rows: np.ndarray,
        row_counts: np.ndarray,
        text_counts: np.ndarray,
        passage_offsets: np.ndarray,
        owners: np.ndarray,
        centroids: np.ndarray,
        *,
        exact: bool,
    ) -> VectorBlock:
        """Index the texts and passages of a block of rows (texts come first in each)."""
        starts = _offsets(row_counts)[:-1]
        p_starts, p_ends = passage_offsets[owners], passage_offsets[owners + 1]
        local = self._passage_rows.view[ranges(p_starts, p_ends)] if len(owners) else []
        return VectorBlock(
            rows=rows,
            text_rows=ranges(starts, starts + text_counts),
            text_offsets=_offsets(text_counts),
            passage_rows=np.repeat(starts, p_ends - p_starts) + np.asarray(local, dtype=np.int64),
            passage_offsets=_offsets(p_ends - p_starts),
            centroids=centroids,
            exact=exact,
        )

    def _fetch(self, positions: np.ndarray, cuts: Sequence[_Cut] | None) -> VectorBlock:
        """Embed the experts' strings again (the embedder's cache or store answers)."""
        if cuts is None:
            cuts = [_Cut.of(self._records[p]) for p in positions.tolist()]
        dim = self.embedder.dim
        flat = [s for c in cuts for s in c.strings]
        vectors = self.embedder.encode(flat) if flat else np.zeros((0, dim), dtype=np.float32)
        rows = np.asarray(vectors, dtype=np.float32)
        counts = np.array([len(c.strings) for c in cuts], dtype=np.int64)
        text_counts = np.array([len(c.texts) for c in cuts], dtype=np.int64)
        centroids = np.zeros((len(cuts), dim), dtype=np.float32)
        starts = _offsets(counts)[:-1].tolist()
        for row, (start, count) in enumerate(zip(starts, text_counts.tolist(), strict=True)):
            if count:
                centroids[row] = rows[start : start + count].mean(axis=0)
        passage_offsets = _offsets(np.array([len(c.passage_rows) for c in cuts], dtype=np.int64))
        return VectorBlock(
            rows=rows,
            text_rows=ranges(np.array(starts, dtype=np.int64), np.array(starts) + text_counts),
            text_offsets=_offsets(text_counts),
            passage_rows=np.repeat(np.array(starts, dtype=np.int64), np.diff(passage_offsets))
            + np.array([r for c in cuts for r in c.passage_rows], dtype=np.int64),
            passage_offsets=passage_offsets,
            centroids=normalize_rows(centroids),
            exact=True,
        )

    def _arrays(self) -> tuple[Growable, ...]:
        return (
            self._centroids,
            self._scales,
            self._rows,
            self._row_offsets,
            self._text_counts,
            self._passage_rows,
            self._passage_offsets,
            self._centroid_copies,
        )

    @property
    def nbytes(self) -> int:
        """Return the bytes the index's arrays take in memory (vectors, offsets, facts)."""
        return sum(a.nbytes for a in self._arrays()) + self.columns.nbytes

    @property
    def file_bytes(self) -> int:
        """Return the bytes of the files the index keeps rows in (int8 precision)."""
        return sum(a.file_bytes for a in self._arrays() if isinstance(a, FileGrowable))


def _int8_product(
    codes: np.ndarray, positions: np.ndarray | None, queries: np.ndarray
) -> np.ndarray | None:
    """Return codes[positions] @ queries.T through torch's int8 product, or None without it.

    The queries are quantised too (one scale per query, applied here); the products are
    exact integers, so every process gets the same values.
    """
    rows = len(codes) if positions is None else len(positions)
    dim = codes.shape[1] if codes.ndim == 2 else 0
    if rows <= 16 or dim % 8:
        return None
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency of the embedder
        return None
    q_codes, q_scales = quantize_int8(queries)
    width = -(-len(queries) // 8) * 8
    right = np.zeros((dim, width), dtype=np.int8)
    right[:, : len(queries)] = q_codes.T
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a second thread mostly waits on a busy machine
    try:
        left = torch.from_numpy(codes if positions is None else codes[positions])
        product = torch._int_mm(left, torch.from_numpy(right))
    finally:
        torch.set_num_threads(threads)
    return product.numpy()[:, : len(queries)].astype(np.float32) * q_scales[None, :]


def _float32(rows: np.ndarray) -> np.ndarray:
    """Return rows as float32; float16 through torch's vectorised cast (twice numpy's speed)."""
    if rows.dtype == np.float32:
        return rows
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency of the embedder
        return rows.astype(np.float32)
    converted: np.ndarray = torch.from_numpy(np.ascontiguousarray(rows)).float().numpy()
    return converted


def _offsets(counts: np.ndarray) -> np.ndarray:
    """Return [0, c0, c0+c1, ...] as int64."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _chunks(items: Sequence[Expert], size: int) -> Iterator[Sequence[Expert]]:
    for start in range(0, len(items), size):
        yield [items[i] for i in range(start, min(start + size, len(items)))]
