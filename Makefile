# One-command set-up on a fresh machine (Debian, Python 3.11):
#   make book   - build the static site into _build/html
#   make test   - run the whole test suite (data, package, notebooks, build, browser)
# Both create .venv themselves. npm (for the base-map files and the partial plotly.js bundles) and Chromium (for the
# browser tests) come from Debian's packages; as root the Makefile installs them.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check --quiet
JB     := $(VENV)/bin/jupyter-book
BOOK_STAMP := $(VENV)/.book-installed
TEST_STAMP := $(VENV)/.test-installed
NODE_STAMP := node_modules/.installed
CHROMIUM   ?= /usr/bin/chromium
PORT   ?= 8000

.PHONY: help book test test-live check-data serve notebooks bench screenshots clean chromium npm

help:
	@echo "make book       build the site into _build/html"
	@echo "make test       run every test (data, package, nbval, build with -W, browser)"
	@echo "make test-live  run every notebook alone, installed as Colab installs it, on the oldest declared dependencies"
	@echo "make check-data list every problem in data/ (file, line, column, value, rule)"
	@echo "make serve      serve _build/html on http://127.0.0.1:$(PORT)/"
	@echo "make notebooks  re-execute every notebook in place (make book does this when inputs changed)"
	@echo "make bench      measure page weight, draw time and build times"
	@echo "make screenshots  three figures in light mode, dark mode and at phone width (docs/screenshots)"
	@echo "make clean      remove the build and the virtual environment"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(BOOK_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

$(TEST_STAMP): $(BOOK_STAMP) tests/requirements.txt
	$(PIP) install -r tests/requirements.txt
	@touch $@

npm:
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's npm (needed once, for the base-map files and plotly.js)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else \
	    echo "npm is missing. Install it with:  sudo apt-get install npm  (then run make again)"; exit 1; \
	  fi; \
	fi

$(NODE_STAMP): package.json package-lock.json
	@$(MAKE) --no-print-directory npm
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing at $(CHROMIUM). Install it with:  sudo apt-get install chromium"; \
	    echo "(or point CHROMIUM=/path/to/chromium at another build), then run make test again."; exit 1; \
	  fi; \
	fi

book: $(BOOK_STAMP) $(NODE_STAMP)
	$(PY) scripts/execute_notebooks.py
	$(JB) build . -W -n --keep-going
	@echo
	@echo "The site is in $(CURDIR)/_build/html"
	@echo "Serve it locally with:  make serve   (or: python3 -m http.server -d _build/html $(PORT))"

check-data: $(TEST_STAMP)
	$(PY) -m briefing.checkdata

serve:
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

test: $(TEST_STAMP) $(NODE_STAMP) chromium
	BRIEFING_CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest --nbval tests chapters

# The launch path: a fresh venv outside the repository, each notebook alone in an empty
# folder, the package installed by the notebook's own install cell (from a local clone),
# the oldest declared dependency versions. Needs only python3, git and PyPI.
test-live:
	$(PYTHON) scripts/test_live.py

notebooks: $(BOOK_STAMP)
	$(PY) scripts/execute_notebooks.py --force

bench: $(TEST_STAMP) $(NODE_STAMP) chromium
	BRIEFING_CHROMIUM=$(CHROMIUM) $(PY) scripts/benchmark.py

screenshots: $(TEST_STAMP) $(NODE_STAMP) chromium
	BRIEFING_CHROMIUM=$(CHROMIUM) $(PY) scripts/screenshots.py

clean:
	rm -rf _build $(VENV) node_modules
