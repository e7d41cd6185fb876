"""Where per-document work runs does not change what is written."""

import gc

import pytest

from pipeline import execution, workflow
from pipeline.config import DEFAULT_MODEL

from tests.test_workflow import make_corpus

pytestmark = pytest.mark.slow

COMPARED = ("parse.csv", "entities.csv", "entity_index.csv", "dates.csv", "events.csv", "stances.csv", "stance_summary.csv")


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("local")
    corpus = make_corpus(root / "corpus")
    for i in range(40):  # more documents than one batch, so batches interleave
        (corpus / f"extra_{i:02d}.txt").write_text(
            f"Item {i}. The Workers' League protested against the ban on 3 May 2019 in Riga.", encoding="utf-8"
        )
    workflow.run_all(corpus, root / "out", DEFAULT_MODEL, with_charts=False)
    return corpus, root / "out"


def _assert_same_outputs(first, second):
    for name in COMPARED:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_one_process_leaves_full_collections_to_its_schedule_and_restores_the_collector(local_run, tmp_path, monkeypatch):
    corpus, local = local_run
    seen = []
    original = execution.process_batch

    def recording(model_name, batch):
        seen.append((gc.get_threshold()[2], gc.get_freeze_count()))
        return original(model_name, batch)

    monkeypatch.setattr(execution, "process_batch", recording)
    before = gc.get_threshold()
    workflow.run_all(corpus, tmp_path / "out", DEFAULT_MODEL, with_charts=False)
    assert len(seen) == 1 and all(third >= 1_000_000 and frozen > 0 for third, frozen in seen)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    _assert_same_outputs(local, tmp_path / "out")


def test_two_worker_processes_write_the_same_bytes(local_run, tmp_path):
    corpus, local = local_run
    report = workflow.run_all(corpus, tmp_path / "jobs2", DEFAULT_MODEL, jobs=2, with_charts=False)
    assert report.parsed == report.documents == 42
    _assert_same_outputs(local, tmp_path / "jobs2")


def test_a_dask_cluster_of_two_workers_writes_the_same_bytes(local_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus, local = local_run
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, worker_dashboard_address=None,
    ) as cluster:
        report = workflow.run_all(corpus, tmp_path / "dask", DEFAULT_MODEL, dask_address=cluster.scheduler_address, with_charts=False)
    assert report.parsed == 42
    _assert_same_outputs(local, tmp_path / "dask")
