"""Per-document progress on a terminal; silent in logs and CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], *, desc: str, unit: str, total: int | None = None) -> Iterator[T]:
    """Wrap `items` in a progress bar (rate and ETA) only when stderr is a
    terminal and CI is not set."""
    quiet = not sys.stderr.isatty() or bool(os.environ.get("CI"))
    return iter(tqdm(items, desc=desc, unit=unit, total=total, disable=quiet, leave=False, dynamic_ncols=True))
