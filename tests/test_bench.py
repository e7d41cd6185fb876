"""The throughput benchmark measures what it says on a small folder."""

import pytest

from pipeline import bench
from pipeline.config import DEFAULT_MODEL

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{doc_id}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" temporalFunction="false" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>The ministry in Lagos said on <TIMEX3 tid="t1" type="DATE" value="1998-08-06">Thursday</TIMEX3> that the union would strike. Story {doc_id}.</TEXT>
</TimeML>
"""


@pytest.mark.slow
def test_measure_reports_ratios_steps_reruns_and_memory(tmp_path):
    for i in range(12):
        (tmp_path / f"doc{i:02d}.tml").write_text(TIMEML.format(doc_id=i), encoding="utf-8")
    table = bench.measure(tmp_path, DEFAULT_MODEL, jobs=2).set_index("measure")
    raw, single = table.loc["spaCy nlp.pipe, 1 process"], table.loc["pipeline, 1 process (whole run)"]
    assert single["tokens"] == raw["tokens"] > 0
    # The ratio is the pipeline's rate over spaCy's, both measured in this run
    # (rounded to three decimals: on a corpus this small it can be near 0.02).
    assert single["vs_nlp_pipe"] == pytest.approx(single["tokens_per_s"] / raw["tokens_per_s"], rel=0.01, abs=0.0006)
    assert table.loc["pipeline, --jobs 2 (whole run)", "vs_single_process"] > 0
    steps = {"  step: parse", "  step: entities", "  step: dates", "  step: stance", "  step: charts", "  step: report"}
    assert steps <= set(table.index)
    assert table.loc["report.html, MB", "value"] > 0
    command = table.loc["python -m pipeline run, a fresh process"]
    assert command["seconds"] > 0 and 0 < command["vs_nlp_pipe"]
    assert table.loc["spaCy nlp.pipe, a fresh process", "vs_nlp_pipe"] == 1.0
    assert table.loc["re-run, one document added", "parsed"] == 1
    assert table.loc["documents", "value"] == 12
    assert table.loc["peak RSS, MB (this process)", "value"] > 0


def test_timeml_text_and_creation_date_become_a_corpus(tmp_path):
    source, target = tmp_path / "tml", tmp_path / "corpus"
    source.mkdir()
    (source / "a.tml").write_text(TIMEML.format(doc_id="a"), encoding="utf-8")
    [text] = bench.corpus_from(source, target)
    assert text.startswith("The ministry in Lagos said on Thursday")
    assert (target / "metadata.csv").read_text(encoding="utf-8").splitlines() == ["doc_id,date", "a,1998-08-07"]


def test_event_identity_counts_the_mentions_on_each_documents_main_event(tmp_path, capsys):
    import pandas as pd

    from pipeline.cli import main

    pd.DataFrame({
        "doc_id": ["a", "a", "a"], "start": [5, 40, 90], "event": ["banned", "suspended", "ruling"],
        "evidence": ["The front was banned.", "The session was suspended.", "The ruling was read."],
        "value": ["2019"] * 3, "earliest": ["2019-01-01"] * 3, "latest": ["2019-12-31"] * 3,
        "event_kind": ["ban", "suspension", "ban"], "event_id": ["ban:ORG:front", "", "ban:ORG:front"],
    }).to_csv(tmp_path / "events.csv", index=False)
    pd.DataFrame({
        "doc_id": ["a"], "cue_start": [60], "target_kind": ["event"], "target": ["ban of Tide Front"], "target_text": ["the ban"],
        "target_party": ["Tide Front"], "target_id": [""], "evidence": ["The union condemned the ban of the Tide Front."],
    }).to_csv(tmp_path / "stances.csv", index=False)
    pd.DataFrame(columns=["doc_id", "start", "end", "label", "entity_id", "canonical"]).to_csv(tmp_path / "entities.csv", index=False)
    per_document, others = bench.event_identity(tmp_path)
    assert per_document.to_dict("records") == [{"doc_id": "a", "main_id": "ban:ORG:front", "mentions": 4, "indexed": 2, "written": 2}]
    assert list(others["evidence"]) == ["The session was suspended.", "The union condemned the ban of the Tide Front."]
    assert main(["bench", "events", str(tmp_path)]) == 0
    assert "mentions on the main event: indexed 2/4, written 2/4" in capsys.readouterr().out
    assert main(["bench", "events", str(tmp_path / "missing")]) == 0
    assert "skipped" in capsys.readouterr().out
