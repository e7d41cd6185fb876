"""Small tables built fast: the stages make a few tables per document, and
pandas' type inference over short columns costs more than the rest."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.arrays import StringArray

# What pandas infers for a list of str.
STRING_DTYPE = pd.StringDtype(na_value=np.nan)


def typed_array(values: list):
    """The array pandas would infer for `values` when they are all str, int,
    float or bool, made directly; None otherwise (let pandas infer)."""
    kinds = {type(value) for value in values}
    if kinds == {str}:
        return StringArray(np.array(values, dtype=object), dtype=STRING_DTYPE)
    if kinds == {int}:
        return np.array(values, dtype=np.int64)
    if kinds == {float}:
        return np.array(values, dtype=np.float64)
    if kinds == {bool}:
        return np.array(values, dtype=bool)
    return None


def own_rows(table: pd.DataFrame | None, doc_id: str, *columns: str) -> list[tuple]:
    """The values of `columns` in the rows of `table` that belong to the
    document (every row, when the table has no doc_id column)."""
    if table is None or not len(table):
        return []
    ids = table["doc_id"].tolist() if "doc_id" in table else [doc_id] * len(table)
    return [tuple(values) for d, *values in zip(ids, *(table[column].tolist() for column in columns)) if d == doc_id]
