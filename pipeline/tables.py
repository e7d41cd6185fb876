"""Small tables built fast: the stages make a few tables per document, and
pandas' type inference over short columns costs more than the rest."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.arrays import StringArray

# What pandas infers for a list of str.
STRING_DTYPE = pd.StringDtype(na_value=np.nan)


def frame(columns: dict[str, list], names: list[str]) -> pd.DataFrame:
    """A table from its columns: each the array pandas would infer for it,
    made directly, when every column holds values of one plain type; else
    (or empty) the table pandas infers."""
    arrays = {name: typed_array(values) for name, values in columns.items()}
    if not all(len(values) for values in columns.values()) or any(array is None for array in arrays.values()):
        return pd.DataFrame(columns, columns=names)
    return pd.DataFrame(arrays, columns=names, copy=False)


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


def records(table: pd.DataFrame | list[dict] | None) -> list[dict]:
    """Rows as dicts (a list of dicts is returned as it is). Column by column
    through object arrays: to_dict boxes every value of a nullable integer
    column one at a time, several times slower. A missing value may come
    out as pd.NA."""
    if isinstance(table, list):
        return table
    if table is None or table.empty:
        return []
    names = list(table.columns)  # iterating the Index itself, row after row, is slow
    columns = [table.iloc[:, i].to_numpy(dtype=object).tolist() for i in range(table.shape[1])]
    return [dict(zip(names, row)) for row in zip(*columns)]


def own_rows(table: pd.DataFrame | None, doc_id: str, *columns: str) -> list[tuple]:
    """The values of `columns` in the rows of `table` that belong to the
    document (every row, when the table has no doc_id column)."""
    if table is None or not len(table):
        return []
    ids = table["doc_id"].tolist() if "doc_id" in table else [doc_id] * len(table)
    return [tuple(values) for d, *values in zip(ids, *(table[column].tolist() for column in columns)) if d == doc_id]
