"""Load-test Counterpart from a second process: N concurrent clients for a fixed time.

    .venv/bin/python scripts/loadtest.py --base http://127.0.0.1:8000 \
        --login coordinator@example.org PASSWORD \
        --path /coordinator/assignments/q00001 --path /api/v1/assignments/q00001/candidates \
        --token API_TOKEN --clients 20 --duration 60 --warmup 20

Each client is a thread that requests the paths in turn (pages with the session cookie of
one login, /api/ paths with the bearer token), as fast as answers come; one process, standard
library only, so it runs anywhere Python does. The warm-up (not counted) lets every worker
fit its index. It prints a line for the pages, the API and all requests (requests, errors,
req/s, p50/p95/p99/max in ms) and then a JSON object with those figures and each path's.
Only talk to servers you run.
"""

from __future__ import annotations

import argparse
import functools
import http.cookiejar
import json
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    """Latencies (ms) and errors of one path."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def figures(self, seconds: float) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(q: float) -> float | None:
            if not ordered:
                return None
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

        return {
            "requests": len(ordered),
            "errors": sum(self.errors.values()),
            "error_kinds": self.errors,
            "req_per_s": round(len(ordered) / seconds, 1),
            "p50_ms": round(statistics.median(ordered), 1) if ordered else None,
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "max_ms": round(ordered[-1], 1) if ordered else None,
        }


def session_cookie(base: str, login: tuple[str, str]) -> str:
    """Log in once through the form (CSRF token included); return the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login", timeout=30).read().decode("utf-8")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    form = {"email": login[0], "password": login[1]}
    if token:
        form["csrf_token"] = token.group(1)
    answer = opener.open(base + "/auth/login", data=urllib.parse.urlencode(form).encode())
    if "/auth/login" in answer.geturl():
        raise SystemExit(f"login as {login[0]} failed")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def run(
    base: str,
    paths: list[str],
    *,
    clients: int,
    seconds: float,
    cookie: str | None,
    token: str | None,
) -> tuple[dict[str, Tally], float]:
    """Run the clients for `seconds`; return each path's tally and the time it really took."""
    tallies = {p: Tally() for p in paths}
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def client(number: int) -> None:
        turn = number
        while time.perf_counter() < deadline:
            path = paths[turn % len(paths)]
            turn += 1
            request = urllib.request.Request(base + path)
            if path.startswith("/api/"):
                if token:
                    request.add_header("Authorization", f"Bearer {token}")
            elif cookie:
                request.add_header("Cookie", cookie)
            began = time.perf_counter()
            problem = None
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    if response.status != 200 or "/auth/login" in response.geturl():
                        problem = f"{response.status} {response.geturl()}"
            except urllib.error.HTTPError as exc:
                problem = str(exc.code)
            except OSError as exc:
                problem = type(exc).__name__
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                if problem:
                    tally = tallies[path].errors
                    tally[problem] = tally.get(problem, 0) + 1
                else:
                    tallies[path].latencies.append(elapsed)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tallies, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--path", action="append", default=[], dest="paths")
    parser.add_argument("--login", nargs=2, metavar=("EMAIL", "PASSWORD"))
    parser.add_argument("--token", help="an API token (flask --app wsgi create-token)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--warmup", type=float, default=20.0, metavar="SECONDS")
    parser.add_argument(
        "--print-cookie", action="store_true", help="log in, print the Cookie header, stop"
    )
    args = parser.parse_args()
    if urllib.parse.urlsplit(args.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load-test only a server of your own on this machine (127.0.0.1)")
    cookie = session_cookie(args.base, (args.login[0], args.login[1])) if args.login else None
    if args.print_cookie:
        print(cookie or "")
        return
    load = functools.partial(
        run, args.base, args.paths, clients=args.clients, cookie=cookie, token=args.token
    )
    if args.warmup:
        load(seconds=args.warmup)
    tallies, seconds = load(seconds=args.duration)
    groups = {"pages": Tally(), "api": Tally(), "all": Tally()}
    for path, tally in tallies.items():
        for name in ("api" if path.startswith("/api/") else "pages", "all"):
            groups[name].latencies.extend(tally.latencies)
            for kind, count in tally.errors.items():
                groups[name].errors[kind] = groups[name].errors.get(kind, 0) + count
    report = {
        "clients": args.clients,
        "seconds": round(seconds, 1),
        "groups": {name: tally.figures(seconds) for name, tally in groups.items()},
        "paths": {path: tally.figures(seconds) for path, tally in tallies.items()},
    }
    for name, figures in report["groups"].items():
        print(
            f"{name}: {figures['requests']} requests, {figures['errors']} errors, "
            f"{figures['req_per_s']} req/s, p50 {figures['p50_ms']} ms, "
            f"p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms"
        )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
