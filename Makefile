# Two commands: `make run` (set up, then review the sample drafts in the web UI)
# and `make test` (set up, then run the whole test suite). Both create .venv if needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test quality check eval bench browser clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/review serve --demo

check: $(STAMP)
	$(VENV)/bin/review check samples/ || test $$? -eq 1

# Every figure of bench/README.md in one run (a few minutes: it includes a 10M-character input).
bench: $(STAMP)
	$(PY) -m bench.run

# The browser test needs Debian's chromium; scripts/ensure-browser installs it when we are root.
browser:
	@bash scripts/ensure-browser

# scripts/with-postgres runs the suite beside a throwaway PostgreSQL (installed when missing and root).
test: $(STAMP) browser
	bash scripts/with-postgres $(PY) -m pytest -q -n 2 --dist loadfile
	$(MAKE) --no-print-directory quality

# Detection quality must not regress: thresholds a little under the figures in the README
# (overall dev + blind; `review eval samples/` prints them per split).
QUALITY_GATE := --min-recall identifiers=0.96 --min-precision identifiers=0.93 \
	--min-recall names=0.86 --min-precision names=0.95 \
	--min-recall addresses=0.90 --min-precision addresses=0.97 \
	--min-mode-accuracy 0.97 --max-keep-flagged 13

quality: $(STAMP)
	$(VENV)/bin/review eval samples/ $(QUALITY_GATE)

clean:
	rm -rf $(VENV) .pytest_cache
