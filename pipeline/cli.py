"""Command line: `python -m pipeline run` for everything, or one stage at a time.

Every command reads and writes files only through `pipeline.workflow`; this
module parses options, reports errors in one line and sets the exit status
(0 done, 2 bad input, 1 anything else).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

from pipeline import __version__, collector
from pipeline.config import CORPUS_DIR, DEFAULT_MODEL, OUTPUT_DIR, SHARED_DIR, TEMPEVAL_DIR
from pipeline.ingest import MAX_DOCUMENT_CHARS
from pipeline.stages import STAGE_NAMES, STAGES
from pipeline.storage import InputError

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Political texts in; entities, dates, events and stances out as CSV tables and charts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, *, corpus: bool = False, model: bool = False) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        if corpus:
            command.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="folder of text files and an optional metadata.csv (default: %(default)s)")
            command.add_argument("--max-chars", type=int, default=MAX_DOCUMENT_CHARS, help="skip documents longer than this, with the reason (default: %(default)s)")
            command.add_argument(
                "--encoding", type=_encoding, default="",
                help="read every text file in this encoding (e.g. cp1252) unless metadata.csv names one for it (default: detect)",
            )
        command.add_argument("--out", type=Path, default=OUTPUT_DIR, help="folder for the output tables and charts (default: %(default)s)")
        if model:
            command.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline to parse with (default: %(default)s)")
            command.add_argument("--jobs", type=int, default=1, help="worker processes on this machine (default: %(default)s)")
            command.add_argument(
                "--dask", metavar="ADDRESS", default=None,
                help="send the per-document work to this Dask scheduler (default: $DASK_SCHEDULER_ADDRESS, "
                "announced on stderr, else this machine; --dask '' to stay here)",
            )
        return command

    run = add("run", "run every stage on a corpus folder", corpus=True, model=True)
    run.add_argument(
        "--summary", action=argparse.BooleanOptionalAction, default=None,
        help="print what the run did at the end (default: only on a terminal)",
    )
    for stage in STAGES:
        add(stage.name, f"{stage.summary}: {', '.join(stage.outputs)}", corpus="corpus" in stage.options, model="model" in stage.options)

    _add_benchmarks(commands)
    return parser


def _add_gold_folder(command: argparse.ArgumentParser, *, scores_only: str) -> None:
    """The options of a benchmark that reads a gold folder (texts/ and gold/)."""
    command.add_argument("folder", nargs="?", type=Path, default=SHARED_DIR / "dev", help="folder with texts/ and gold/ (default: %(default)s)")
    command.add_argument("--texts", type=Path, help="the texts, when they are not in FOLDER/texts")
    command.add_argument("--gold", type=Path, help="the gold tables, when they are not in FOLDER/gold")
    command.add_argument("--scores-only", action="store_true", help=scores_only)
    command.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline (default: %(default)s)")


def _add_benchmarks(commands) -> None:
    """The `bench` command and its benchmarks."""
    bench = commands.add_parser("bench", help="measure accuracy or speed", description="Benchmarks; each skips with a message when its data is absent.")
    benches = bench.add_subparsers(dest="bench", required=True, metavar="BENCHMARK")
    tempeval = benches.add_parser(
        "tempeval", help="score the dates stage on TimeML folders, TempEval-3 style",
        description="Read TimeML files, run the dates stage with each document's creation time as its date, "
        "and print relaxed/strict span, value and type F1 per folder and per type.",
    )
    tempeval.add_argument("folders", nargs="*", type=Path, default=[TEMPEVAL_DIR / "TBAQ-cleaned"], help="folders of .tml files (default: %(default)s)")
    tempeval.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline (default: %(default)s)")
    throughput = benches.add_parser(
        "throughput", help="pipeline throughput against spaCy's nlp.pipe on the same texts",
        description="Run spaCy's nlp.pipe and the whole pipeline (ingest to stance, CSVs written) over the same texts "
        "in one process run; print tokens/s, their ratio, per-step time, re-run times and peak memory.",
    )
    throughput.add_argument("folder", nargs="?", type=Path, default=TEMPEVAL_DIR / "TE3-Silver", help="folder of .tml or text files (default: %(default)s)")
    throughput.add_argument("--jobs", type=int, default=1, help="also run with this many worker processes (default: %(default)s)")
    throughput.add_argument("--limit", type=int, default=0, help="use only the first N documents (default: all)")
    throughput.add_argument("--model", default=DEFAULT_MODEL, help="installed spaCy pipeline (default: %(default)s)")
    gold = benches.add_parser(
        "gold", help="score a run against a gold folder and list every miss and false row",
        description="Run the pipeline on a gold folder's texts/ and score entities, dates and stances against its gold/ "
        "(doc_id,text,label|value,required and doc_id,holder,target,stance,required); print the scores, then per "
        "document the gold rows missed and the predicted rows that match no gold.",
    )
    _add_gold_folder(gold, scores_only="print the scores without the errors")
    gold.add_argument("--out", type=Path, help="keep the run's outputs in this folder (default: a temporary folder)")
    ablation = benches.add_parser(
        "entities", help="labeled F1 with each entity rule family switched off in turn, and each family's wrong rows",
        description="Run the entity stage on a gold folder's texts/ once with every rule and once with each rule family "
        "(the `source` column's names, one per pattern id) switched off; print relaxed and strict labeled F1 per run and "
        "what each family earns, then the full run's false rows under each family their source names.",
    )
    _add_gold_folder(ablation, scores_only="print the table without the wrong rows")
    events = benches.add_parser(
        "events", help="per document, whether every mention of its main event (a ban, a suspension) carries one event id",
        description="Read a run's events.csv, stances.csv and entities.csv; print per document its main event id, how many "
        "of its ban and suspension mentions the index counts under it and how many carry it as written, then every "
        "mention that does not, with its sentence.",
    )
    events.add_argument("out", nargs="?", type=Path, default=OUTPUT_DIR, help="a run's output folder (default: %(default)s)")


def entry() -> int:
    """The command line as a process of its own: `main`, then an exit
    without the collector's last pass."""
    status = main()
    collector.skip_final_collection()
    return status


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    warnings.showwarning = _print_warning
    if getattr(args, "dask", "") is None:
        args.dask = _dask_from_environment()
    from pipeline import workflow  # after argument parsing, so --help stays fast

    try:
        if args.command == "run":
            workflow.run_all(args.corpus, args.out, args.model, jobs=args.jobs, dask_address=args.dask, max_chars=args.max_chars, encoding=args.encoding)
            if args.summary or (args.summary is None and sys.stdout.isatty()):
                from pipeline.summary import run_summary

                print(run_summary(args.corpus, args.out))
        elif args.command in STAGE_NAMES:
            workflow.run_stage(args.command, **_stage_options(args))
        elif args.command == "bench":
            return _bench(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _stage_options(args) -> dict:
    """A stage command's options as its runner's keyword arguments."""
    options = {"out_dir": args.out}
    if hasattr(args, "corpus"):
        options.update(corpus_dir=args.corpus, max_chars=args.max_chars, encoding=args.encoding)
    if hasattr(args, "model"):
        options.update(model=args.model, jobs=args.jobs, dask_address=args.dask)
    return options


def _dask_from_environment() -> str:
    """The scheduler named by DASK_SCHEDULER_ADDRESS; texts leave this machine
    only with a word on stderr saying where they go."""
    address = os.environ.get("DASK_SCHEDULER_ADDRESS", "").strip()
    if address:
        print(f"note: sending the documents to the Dask scheduler at {address} (from DASK_SCHEDULER_ADDRESS; "
              "--dask '' keeps them on this machine)", file=sys.stderr)
    return address


def _bench(args) -> int:
    import pandas as pd

    if args.bench == "gold":
        return _bench_gold(args)
    if args.bench == "entities":
        return _bench_entities(args)
    if args.bench == "events":
        return _bench_events(args)
    folders = args.folders if args.bench == "tempeval" else [args.folder]
    missing = [str(f) for f in folders if not Path(f).is_dir()]
    if missing:
        print(f"skipped: benchmark data not found at {', '.join(missing)}")
        return 0
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_rows", 200):
        if args.bench == "tempeval":
            from pipeline import execution, tempeval

            table = tempeval.run_tempeval_benchmark(folders, execution.worker_model(args.model))
        else:
            from pipeline import bench

            table = bench.measure(args.folder, args.model, jobs=args.jobs, limit=args.limit)
        print(table.fillna("").to_string(index=False))
    return 0


# How the benchmarks print their tables: wide, every row.
_WIDE_TABLES = ("display.width", 250, "display.max_columns", 30, "display.max_rows", 5000)


def _bench_gold(args) -> int:
    import pandas as pd

    from pipeline import bench

    texts, gold = bench.gold_folders(args.folder, args.texts, args.gold)
    missing = [str(f) for f in (texts, gold) if not f.is_dir()]
    if missing:
        print(f"skipped: gold data not found at {', '.join(missing)}")
        return 0
    scores, errors = bench.score_gold(texts, gold, args.model, args.out)
    with pd.option_context(*_WIDE_TABLES, "display.max_colwidth", 70):
        print(scores.to_string(index=False))
        if args.scores_only or errors.empty:
            return 0
        for (task, doc_id), rows in errors.groupby(["task", "doc_id"], sort=True):
            print(f"\n{task} — {doc_id}")
            print(rows.drop(columns=["task", "doc_id"]).dropna(axis=1, how="all").to_string(index=False))
    return 0


def _bench_entities(args) -> int:
    import pandas as pd

    from pipeline import bench
    from pipeline import entity_ablation

    texts, gold = bench.gold_folders(args.folder, args.texts, args.gold)
    if not texts.is_dir() or not (gold / "entities.csv").exists():
        print(f"skipped: gold data not found at {texts} and {gold} (needs the texts and entities.csv)")
        return 0
    scores, wrong = entity_ablation.ablate(texts, gold, args.model)
    with pd.option_context(*_WIDE_TABLES, "display.max_colwidth", 70):
        print(scores.to_string(index=False))
        if not args.scores_only:
            for family, rows in wrong.groupby("family", sort=True):
                print(f"\nwrong rows with {family} in their source ({len(rows)})")
                print(rows.drop(columns=["family"]).to_string(index=False))
    return 0


def _bench_events(args) -> int:
    import pandas as pd

    from pipeline import bench

    missing = [name for name in ("events.csv", "stances.csv", "entities.csv") if not (args.out / name).is_file()]
    if missing:
        print(f"skipped: {', '.join(missing)} not found in {args.out}; run `python -m pipeline run --out {args.out}` first")
        return 0
    per_document, others = bench.event_identity(args.out)
    total = per_document[["mentions", "indexed", "written"]].sum()
    whole = (per_document[["indexed", "written"]].values == per_document[["mentions"]].values).sum(axis=0)
    with pd.option_context(*_WIDE_TABLES, "display.max_colwidth", 110):
        print(per_document.to_string(index=False))
        print(f"\nmentions on the main event: indexed {total['indexed']}/{total['mentions']}, written {total['written']}/{total['mentions']}")
        print(f"documents whose mentions all carry it: indexed {whole[0]}/{len(per_document)}, written {whole[1]}/{len(per_document)}")
        for doc_id, rows in others.groupby("doc_id", sort=True):
            print(f"\n{doc_id} (main: {per_document.set_index('doc_id').at[doc_id, 'main_id'] or 'none'})")
            print(rows.drop(columns="doc_id").to_string(index=False))
    return 0


def _encoding(name: str) -> str:
    from pipeline.ingest.decoding import check_encoding

    try:
        return check_encoding(name) if name else ""
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _print_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"warning: {message}", file=sys.stderr)
