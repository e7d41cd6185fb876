"""The stages, declared once: name, what each reads and writes, and the
code and data files whose change makes it run again.

Everything else comes from this table: the Makefile's stage rules
(`python3 -m pipeline.stages` prints them; the Makefile includes the result),
the command line's stage commands, which stage an output file belongs to, and
the key under which per-document results are cached. Only the standard
library is imported here, so `make` can read it before anything is installed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# Stamps the Makefile keeps in the output folder: a listing of the corpus
# folder (rewritten only when it changes) and the model's name.
CORPUS_LISTING = ".corpus-listing"
MODEL_NAME = ".model"

# Package files every stage runs through.
COMMON_CODE = (
    "__init__.py", "cli.py", "config.py", "storage.py", "workflow.py", "execution.py", "tables.py", "stages.py",
    "result_codec.py", "doc_inputs.py", "doc_tables.py", "collector.py",
)


@dataclass(frozen=True)
class Stage:
    name: str
    summary: str  # what it does, one line
    outputs: tuple[str, ...]  # files it writes, relative to the output folder
    inputs: tuple[str, ...] = ()  # files of the output folder it reads
    code: tuple[str, ...] = ()  # package modules or sub-packages, relative to pipeline/
    data: tuple[str, ...] = ()  # globs of pipeline/data/ files
    options: tuple[str, ...] = ()  # what it takes besides --out: "corpus", "model"
    metadata: tuple[str, ...] = ()  # documents.csv columns its per-document step reads
    per_document: bool = False  # part of the per-document result kept in OUT/cache/results

    def code_files(self) -> list[Path]:
        """Its code as files: a sub-package stands for its modules."""
        files = []
        for name in self.code:
            path = PACKAGE / name
            files += sorted(path.glob("*.py")) if path.is_dir() else [path]
        return files

    def data_files(self) -> list[Path]:
        return sorted(path for pattern in self.data for path in (PACKAGE / "data").glob(pattern))


STAGES = (
    Stage(
        "ingest", "read the corpus: documents, their structure and sentences",
        outputs=("documents.csv", "sentences.csv", "infobox.csv", "aliases.csv"),
        inputs=(CORPUS_LISTING,), code=("ingest",), data=("ingest_*",), options=("corpus",),
    ),
    Stage(
        "parse", "parse each document once with spaCy (saved parses in cache/)",
        outputs=("parse.csv",), inputs=("documents.csv", "sentences.csv", "infobox.csv", MODEL_NAME),
        code=("parse.py",), options=("model",),
    ),
    Stage(
        "entities", "named entities with one identity per entity",
        outputs=("entities.csv", "entity_index.csv"), inputs=("parse.csv", "aliases.csv"),
        code=("entities",), data=("entities_*",), per_document=True,
    ),
    Stage(
        "dates", "temporal expressions normalised to TIMEX3 and the events they date",
        outputs=("dates.csv", "events.csv"), inputs=("parse.csv", "entities.csv"),
        # Event kinds are the stance targets' event rows: one list for both stages.
        code=("dates", "tempeval.py"), data=("dates_*", "stance_targets.csv"), metadata=("date", "date_order"),
        per_document=True,
    ),
    Stage(
        "stance", "who is for or against what, and who said what",
        outputs=("stances.csv", "stance_summary.csv", "quotes.csv"),
        # A stance's event takes the id events.csv settled for it (event_index.settle_stance_events).
        inputs=("parse.csv", "entities.csv", "dates.csv", "events.csv"),
        code=("stance", "event_index.py"), data=("stance_*",), metadata=("author", "genre", "title"), per_document=True,
    ),
    Stage(
        "event_index", "events across documents and whether their sources agree",
        outputs=("event_index.csv",), inputs=("events.csv", "stances.csv", "entities.csv"), code=("event_index.py",),
    ),
    Stage(
        "charts", "charts of entities, the timeline and stances",
        outputs=("charts/entities.png", "charts/timeline.png", "charts/stances.png"),
        inputs=("entities.csv", "events.csv", "stances.csv"), code=("charts.py",),
    ),
    Stage(
        "report", "the HTML report: summary, charts, tables and the documents with highlights",
        outputs=("report.html",),
        inputs=(
            "documents.csv", "sentences.csv", "entities.csv", "entity_index.csv", "dates.csv", "events.csv",
            "event_index.csv", "stances.csv", "stance_summary.csv", "quotes.csv",
            "charts/entities.png", "charts/timeline.png", "charts/stances.png",
        ),
        code=("report.py", "summary.py"), data=("report_*",),
    ),
)

STAGE_NAMES = tuple(stage.name for stage in STAGES)


def stage(name: str) -> Stage:
    return next(s for s in STAGES if s.name == name)


def stage_writing(output: str) -> Stage:
    """The stage that writes an output file."""
    return next(s for s in STAGES if output in s.outputs)


def upstream(name: str) -> list[Stage]:
    """The stage and every stage whose outputs it reads, directly or not, in run order."""
    wanted = {name}
    for s in reversed(STAGES):
        if s.name in wanted:
            wanted |= {stage_writing(i).name for i in s.inputs if i not in (CORPUS_LISTING, MODEL_NAME)}
    return [s for s in STAGES if s.name in wanted]


def per_document_files() -> list[Path]:
    """Every file that shapes a per-document result: the per-document stages,
    the stages they read from, and the common code."""
    stages = {s.name: s for last in STAGES if last.per_document for s in upstream(last.name)}
    files = [PACKAGE / name for name in COMMON_CODE]
    for s in stages.values():
        files += s.code_files() + s.data_files()
    return sorted(set(files))


def per_document_metadata() -> tuple[str, ...]:
    """The documents.csv columns any per-document step reads."""
    return tuple(column for s in STAGES if s.per_document for column in s.metadata)


# How a stage's options are passed on the command line, from make's variables.
_MAKE_OPTIONS = {"corpus": '--corpus "$(CORPUS)"', "model": '--model "$(MODEL)" --jobs $(JOBS)'}


def make_rules() -> str:
    """The Makefile's stage targets: one grouped rule per stage, re-run when an
    input, its code or its data changes."""
    lines = [
        "# Made by `python3 -m pipeline.stages` from pipeline/stages.py; do not edit.",
        "COMMON := " + " ".join(f"pipeline/{name}" for name in COMMON_CODE),
        "",
    ]
    for s in STAGES:
        variable = f"{s.name.upper()}_OUTPUTS"
        code = " ".join(f"$(wildcard pipeline/{n}/*.py)" if (PACKAGE / n).is_dir() else f"pipeline/{n}" for n in s.code)
        data = " ".join(f"$(wildcard pipeline/data/{pattern})" for pattern in s.data)
        inputs = " ".join(f"$(OUT)/{name}" for name in s.inputs)
        command = " ".join(["$(RUN)", s.name, '--out "$(OUT)"', *(_MAKE_OPTIONS[o] for o in s.options)])
        lines += [
            f"{variable} := " + " ".join(f"$(OUT)/{name}" for name in s.outputs),
            f"{s.name}: $({variable}) ## {s.summary}: {', '.join(s.outputs)}",
            f"$({variable}) &: {' '.join(filter(None, [inputs, code, data]))} $(COMMON) $(VENV_DONE)",
            f"\t{command}",
            "",
        ]
    lines.append("STAGE_NAMES := " + " ".join(STAGE_NAMES))
    lines.append(".PHONY: $(STAGE_NAMES)")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(make_rules())
