# The two commands a newcomer needs: `make run` and `make test`. Both set up .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Case notes are about real people: serve on this machine only unless asked (ADDRESS=0.0.0.0).
ADDRESS ?= localhost

.PHONY: run serve test test-fast test-e2e bench lint validate browser fonts postgres nginx clean

$(PY):
	$(PYTHON) -m venv $(VENV) || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Debian fonts for names in every script in the PDF (meldcode/pdf.py): Noto, Droid (CJK), Symbola (emoji).
FONT_PACKAGES := fonts-noto-core fonts-noto-cjk fonts-droid-fallback fonts-symbola
fonts:
	@dpkg -s $(FONT_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_PACKAGES); }

# Debian's PostgreSQL for the workshop store's tests (a fixture starts a throwaway server).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

# Debian's nginx for `make serve` and its tests (run by meldcode/serve.py with its own config; the
# package's own service is not used).
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

run: $(VENV)/.installed fonts
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

# Production on one machine: nginx on PORT (default 8080) in front of WORKERS app processes
# (default: the number of cores), in the foreground; Ctrl-C or SIGTERM stops everything.
SERVE_PORT = $(if $(filter command line environment,$(origin PORT)),$(PORT),8080)
WORKERS ?= $(shell nproc)
serve: $(VENV)/.installed nginx
	exec $(PY) -m meldcode.serve --port $(SERVE_PORT) --workers $(WORKERS)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m mypy meldcode

validate: $(VENV)/.installed
	$(PY) -m meldcode validate
	$(PY) -m meldcode cases --check

test: $(VENV)/.installed-dev browser fonts postgres nginx lint validate
	$(PY) -m pytest

test-fast: $(VENV)/.installed-dev fonts postgres
	$(PY) -m pytest -m "not e2e"

test-e2e: $(VENV)/.installed-dev browser fonts postgres nginx
	$(PY) -m pytest -m e2e

bench: $(VENV)/.installed-dev browser postgres nginx
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
