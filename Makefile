# Two commands: `make run` (demo on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

# Nothing may download a model or data at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test lint services browser bench evaluate loadtest clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned: pip takes the CPU build from local disk.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) instance/secret_key

instance/secret_key:
	mkdir -p instance
	$(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

run: install
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi seed-demo
	$(BIN)/flask --app wsgi reindex
	@echo "Counterpart is starting on http://$(HOST):$(PORT)/ (demo accounts in README.md)"
	$(BIN)/gunicorn --config gunicorn.conf.py --workers $(WORKERS) --threads 4 \
		--bind $(HOST):$(PORT) --timeout 120 --access-logfile - wsgi:app

# The services the tests talk to: PostgreSQL and Redis run here before a session starts;
# start them if they have stopped.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

lint: install
	$(BIN)/ruff check matcher web models tests scripts wsgi.py
	$(BIN)/mypy

test: install services browser lint
	$(BIN)/pytest --cov=matcher --cov=web --cov=models --cov-report=term:skip-covered

# Speed: ranking and embedding beside baselines of the same run (EXPERTS=1000000 for a million).
EXPERTS ?= 100000
bench: install
	$(BIN)/python -m matcher bench --experts $(EXPERTS)

# Quality: every *-dev benchmark in ../shared/benchmarks against two baselines.
evaluate: install
	$(BIN)/python -m matcher evaluate --all

# Serving: 10,000 experts on PostgreSQL, gunicorn with 4 workers, 20 clients from a second process.
loadtest: install services
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) || true
	scripts/loadtest.sh

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .mypy_cache
