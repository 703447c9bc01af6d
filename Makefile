# Entry points: `make run` serves the dashboard, `make serve-team` several app servers behind nginx
# on one PostgreSQL (docs/DEPLOY.md), `make test` lints (ruff, mypy) and runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
PYTEST_ARGS ?=
SERVERS ?= 2
TEAM_PORT ?= 8500
TEAM_ARGS ?=

.PHONY: run serve-team lint test bench curate system-deps clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

# Team server: SPLASHDOWN_DATABASE_URL names the team's PostgreSQL; TEAM_ARGS=--demo-postgres tries it out.
serve-team: $(VENV)/.runtime system-deps
	$(PY) -m splashdown serve-team --servers $(SERVERS) --port $(TEAM_PORT) $(TEAM_ARGS)

# Chromium (browser tests, static exports), poppler (PDF pages), PostgreSQL (team store tests),
# LibreOffice Impress (the briefing pack opened as office software opens it), nginx (the team
# server's proxy), DejaVu Sans (the names tools/build_basemap.py writes into the base-map pictures;
# Chromium's fontconfig already pulls it in).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-impress"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Not root: install$$missing yourself (sudo apt-get install$$missing); tests needing them will be skipped with a reason."; \
	  fi; \
	fi

# Settings in pyproject.toml; both must be clean before the suite runs.
lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m mypy

test: lint system-deps
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

bench: $(VENV)/.runtime
	$(PY) -m splashdown bench

curate: $(VENV)/.runtime
	$(PY) -m tools.curation

clean:
	rm -rf $(VENV) .pytest_cache var
