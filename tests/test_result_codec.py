"""The result cache stores plain JSON: values survive, and nothing in it can run."""

import math

import pandas as pd
import pytest

from pipeline import result_codec
from pipeline.execution import DocumentResult


def _result(tables):
    return DocumentResult("doc", "key", b"parse bytes", 12, 2, tables, {"entities": 0.5})


def test_cells_keep_their_type_and_missing_values():
    tables = {"dates": {"text": ["1990", "Monday"], "start": [3, 40], "ambiguous": [False, True],
                        "latest": [None, pd.NA], "score": [0.25, float("nan")]}}
    back = result_codec.decode(result_codec.encode(_result(tables)))
    columns = back.tables["dates"]
    assert columns["text"] == ["1990", "Monday"] and columns["start"] == [3, 40]
    assert [type(v) for v in columns["start"] + columns["ambiguous"]] == [int, int, bool, bool]
    assert columns["latest"][0] is None and columns["latest"][1] is pd.NA
    assert columns["score"][0] == 0.25 and math.isnan(columns["score"][1])
    assert (back.tokens, back.sentences, back.seconds, back.doc_bytes) == (12, 2, {"entities": 0.5}, None)


def test_a_cell_of_an_unknown_type_is_refused_rather_than_pickled():
    with pytest.raises(TypeError, match="cannot be cached"):
        result_codec.encode(_result({"t": {"c": [object()]}}))


def test_a_crafted_cache_file_is_only_data():
    crafted = b'{"doc_id":"d","parse_key":"k","tokens":1,"sentences":1,"seconds":{},"tables":{"t":{"c":["__import__(\'os\')"]}}}'
    assert result_codec.decode(crafted).tables["t"]["c"] == ["__import__('os')"]
