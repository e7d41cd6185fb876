"""When Python's cycle collector runs during a run.

A full pass of the collector walks every object of the process: the model,
the lexicons, the rows of every document done so far. A run makes many
objects that all stay alive until it ends, so the automatic passes come
ever more often, cost more each time and free next to nothing (over 1,200
news texts, twelve passes took 2.2 s). Objects freed by their reference
counts go as usual either way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection during a block whose objects all live until it ends (a
    figure's artists, the report's rows); cyclic garbage goes at the first
    pass after it. A collector the caller had switched off stays off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def scheduled_full_passes() -> Iterator[None]:
    """For a long run: freeze what is alive at the start (the model, the
    lexicons) and make no automatic full pass, so that the run does them on
    its own schedule (`gc.collect()`); the young generations are collected
    as usual. The collector is put back as it was at the end."""
    first, second, third = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(first, second, 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(first, second, third)
        gc.unfreeze()


def skip_final_collection() -> None:
    """For a process about to end: Python's last full pass at exit walks
    every object the run still holds (a third of a second after a few
    hundred documents) and frees nothing the exit would not."""
    gc.freeze()
