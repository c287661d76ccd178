"""Gunicorn settings read by `make run`: warm each worker's ranking index as it boots."""

from __future__ import annotations

import threading
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Fit the worker's ranking index in the background, so the first ranking is not slow."""
    app = worker.wsgi

    def warm() -> None:
        from sqlmodel import Session

        with app.app_context(), Session(app.extensions["database"].engine) as session:
            app.extensions["matching"].matcher(session)
        worker.log.info("Ranking index warm in worker %s", worker.pid)

    threading.Thread(target=warm, name="warm-ranking-index", daemon=True).start()
