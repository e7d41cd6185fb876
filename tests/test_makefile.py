"""Make: stages are file targets that run once and re-run after a change."""

import shutil
import subprocess
import time

import pytest

from pipeline.config import PROJECT_ROOT

from tests.test_workflow import make_corpus

pytestmark = pytest.mark.slow


def _make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    if shutil.which("make") is None or not (PROJECT_ROOT / ".venv" / ".installed").exists():
        pytest.skip("needs make and the project's .venv (run `make install`)")
    root = tmp_path_factory.mktemp("make")
    corpus, out = make_corpus(root / "my corpus"), root / "out"
    result = _make(f"CORPUS={corpus}", f"OUT={out}")
    assert result.returncode == 0, result.stderr
    return corpus, out


def test_make_writes_every_stage_output(made):
    _, out = made
    for name in ("documents.csv", "parse.csv", "entities.csv", "dates.csv", "stances.csv", "charts/timeline.png"):
        assert (out / name).exists(), name


def test_second_make_has_nothing_to_do(made):
    corpus, out = made
    assert _make("-q", f"CORPUS={corpus}", f"OUT={out}").returncode == 0


def test_editing_a_corpus_file_reruns_from_ingest(made):
    corpus, out = made
    time.sleep(1.1)  # file times must differ for make to see the change
    path = corpus / "green_union.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    ran = _make(f"CORPUS={corpus}", f"OUT={out}").stdout
    for stage in ("ingest", "parse", "entities", "dates", "stance", "charts"):
        assert f"-m pipeline {stage} " in ran, stage


def test_editing_a_stage_module_reruns_only_what_depends_on_it(made):
    corpus, out = made
    ran = _make(f"CORPUS={corpus}", f"OUT={out}", "-W", "pipeline/stance/frames.py").stdout
    assert "-m pipeline stance " in ran and "-m pipeline charts " in ran
    for stage in ("ingest", "parse", "entities", "dates"):
        assert f"-m pipeline {stage} " not in ran, stage


def test_asking_for_another_model_parses_again(made):
    corpus, out = made
    ran = _make("-n", f"CORPUS={corpus}", f"OUT={out}", "MODEL=another_pipeline").stdout
    assert "-m pipeline parse " in ran and "--model \"another_pipeline\"" in ran
    assert "-m pipeline ingest " not in ran
