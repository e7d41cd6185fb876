"""TempEval-3 reading and scoring."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.tempeval import read_timeml, run_tempeval_benchmark, score, score_table

TIMEML = b"""<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-04" functionInDocument="CREATION_TIME">19980304</TIMEX3></DCT>
<TEXT>
Prices <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-03-03">yesterday</TIMEX3> after
<TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3> of gains.
</TEXT>
</TimeML>
"""


def test_read_timeml_gives_text_dct_and_gold_offsets():
    document = read_timeml(TIMEML, "X1")
    assert document.dct == "1998-03-04"
    assert "<" not in document.text
    for row in document.gold.itertuples():
        assert document.text[row.start:row.end] == row.text
    assert list(document.gold["value"]) == ["1998-03-03", "P3W"]


def rows(*spans):
    return pd.DataFrame([dict(doc_id="d", start=s, end=e, type=t, value=v) for s, e, t, v in spans])


@pytest.mark.parametrize(
    "predicted, relaxed_f, strict_f, value_f1",
    [
        (rows((0, 5, "DATE", "2001"), (10, 15, "DURATION", "P1Y")), 1.0, 1.0, 1.0),
        (rows((0, 4, "DATE", "2001"), (10, 15, "DURATION", "P2Y")), 1.0, 0.5, 0.5),
        (rows((0, 5, "DATE", "2001")), 0.6667, 0.6667, 0.6667),
        (rows((20, 25, "DATE", "2001")), 0.0, 0.0, 0.0),
    ],
)
def test_score_follows_tempeval3(predicted, relaxed_f, strict_f, value_f1):
    gold = rows((0, 5, "DATE", "2001"), (10, 15, "DURATION", "P1Y"))
    result = score(gold, predicted)
    assert (result["relaxed_f"], result["strict_f"], result["value_f1"]) == (relaxed_f, strict_f, value_f1)


def test_each_predicted_span_is_used_once():
    gold = rows((0, 5, "DATE", "2001"), (3, 8, "DATE", "2002"))
    result = score(gold, rows((0, 8, "DATE", "2001")))
    assert (result["relaxed_p"], result["relaxed_r"]) == (1.0, 0.5)


def test_score_table_has_a_row_per_type():
    gold = rows((0, 5, "DATE", "2001"), (10, 15, "DURATION", "P1Y"))
    table = score_table(gold, gold, "folder")
    assert list(table["type"]) == ["ALL", "DATE", "TIME", "DURATION", "SET"]
    assert table.loc[table["type"] == "TIME", "gold"].item() == 0


def test_benchmark_on_a_small_folder(tmp_path, nlp):
    (tmp_path / "X1.tml").write_bytes(TIMEML)
    table = run_tempeval_benchmark([tmp_path], nlp)
    overall = table[table["type"] == "ALL"].iloc[0]
    assert (overall["gold"], overall["strict_f"], overall["value_f1"]) == (2, 1.0, 1.0)
