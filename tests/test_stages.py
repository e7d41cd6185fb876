"""The stage registry: the one declaration the Makefile, the command line
and the result cache are made from."""

import ast
import subprocess
import sys

import pytest

from pipeline import cli, stages
from pipeline.stages import COMMON_CODE, PACKAGE, STAGES, per_document_files, stage, upstream

# Modules that belong to no stage: tools around the stages.
TOOLS = {"__main__.py", "bench.py", "entity_ablation.py", "evaluate.py", "progress.py"}


def _pipeline_imports(path):
    """The package files a module imports, wherever the import sits."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
        if isinstance(node, ast.ImportFrom) and node.module == "pipeline":
            names = [f"pipeline.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            if name.startswith("pipeline."):
                relative = PACKAGE.joinpath(*name.split(".")[1:])
                found.add(relative / "__init__.py" if relative.is_dir() else relative.with_suffix(".py"))
    return found


@pytest.mark.parametrize("name", [s.name for s in STAGES])
def test_a_stage_imports_only_code_the_registry_gives_it(name):
    allowed = {PACKAGE / n for n in COMMON_CODE}
    for s in upstream(name):
        allowed |= set(s.code_files())
    for path in stage(name).code_files():
        outside = sorted(str(p.relative_to(PACKAGE)) for p in _pipeline_imports(path) - allowed)
        assert not outside, f"{path.relative_to(PACKAGE)} imports {outside}, not declared for {name} or before it"


def test_every_module_and_data_file_belongs_to_a_stage():
    claimed = {PACKAGE / n for n in COMMON_CODE} | {PACKAGE / n for n in TOOLS}
    for s in STAGES:
        claimed |= set(s.code_files()) | set(s.data_files())
    files = {p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".csv", ".toml", ".txt", ".jsonl", ".js", ".css", ".html")}
    assert sorted(str(p.relative_to(PACKAGE)) for p in files - claimed) == []


def test_every_input_is_written_by_an_earlier_stage():
    written = {stages.CORPUS_LISTING, stages.MODEL_NAME}
    for s in STAGES:
        assert set(s.inputs) <= written, s.name
        written |= set(s.outputs)


def test_cached_results_depend_on_the_per_document_code_and_data_only():
    files = {str(p.relative_to(PACKAGE)) for p in per_document_files()}
    assert {"stance/frames.py", "data/stance_cues.csv", "data/dates_lexicon.toml", "ingest/wiki.py"} <= files
    assert not files & {"report.py", "charts.py", "summary.py", "data/report_template.html"}


def test_the_command_line_has_a_command_per_stage_naming_its_outputs():
    commands = cli.build_parser()._subparsers._group_actions[0].choices
    for s in STAGES:
        assert s.name in commands
        assert all(output in commands[s.name].description for output in s.outputs)


def test_the_make_rules_run_each_stage_with_its_options():
    rules = subprocess.run([sys.executable, "-m", "pipeline.stages"], capture_output=True, text=True, check=True, cwd=PACKAGE.parent).stdout
    assert '$(RUN) ingest --out "$(OUT)" --corpus "$(CORPUS)"' in rules
    assert '$(RUN) parse --out "$(OUT)" --model "$(MODEL)" --jobs $(JOBS)' in rules
    stance_rule = next(line for line in rules.splitlines() if line.startswith("$(STANCE_OUTPUTS) &:"))
    assert "$(OUT)/dates.csv" in stance_rule and "$(wildcard pipeline/data/stance_*)" in stance_rule


def test_the_registry_needs_only_the_standard_library():
    code = "import sys; import pipeline.stages; print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'spacy', 'numpy')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent)
    assert result.stdout.strip() == "[]"
