"""Run a stage's independent, CPU-bound pieces (a chart, a map) on every core.

Charts and maps are drawn from the whole report; shipping it to worker processes would cost more
than some drawings. Forked workers inherit it instead: each task is a closure the parent built, a
worker runs every n-th task and sends back only the results (strings). Where the platform cannot
fork, or there is one core or little work, the tasks run here, one after the other; the results
are the same either way (each task is a pure function of what it closes over).
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

MIN_TASKS = 8  # below this, forking costs more than it saves
MAX_WORKERS = 8  # each worker is a copy-on-write fork of the build (up to ~500 MB at 1,000 articles)


class WorkerError(RuntimeError):
    """A task failed in a worker process; the message holds its traceback."""


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. under `taskset` or a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(tasks: int, cores: int | None = None) -> int:
    """How many processes to use for `tasks` tasks: one per core (at most MAX_WORKERS), none idle,
    one below MIN_TASKS."""
    cores = cores if cores is not None else usable_cores()
    if tasks < MIN_TASKS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(cores, tasks, MAX_WORKERS))


def fork_map(tasks: Sequence[Callable[[], T]], *, workers: int | None = None) -> list[T]:
    """Each task's result, in the order of `tasks`; worker k runs tasks k, k + n, k + 2n, …

    The parent is worker 0. A task that raises in a worker raises WorkerError here (with the
    worker's traceback) after every worker has stopped.
    """
    n = workers if workers is not None else workers_for(len(tasks))
    n = max(1, min(n, len(tasks)))
    if n == 1:
        return [task() for task in tasks]
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for k in range(1, n):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_work, args=(tasks, k, n, send), daemon=True)
            process.start()
            send.close()  # the parent keeps only its reading end: EOF if the worker dies
            children.append((k, process, receive))
        results: list[Any] = [None] * len(tasks)
        for i in range(0, len(tasks), n):
            results[i] = tasks[i]()
        failures = []
        for k, process, receive in children:
            try:
                ok, payload = receive.recv()
            except EOFError:
                ok, payload = False, f"worker {k} stopped without a result (exit code {process.exitcode})"
            if not ok:
                failures.append(payload)
                continue
            for i, value in zip(range(k, len(tasks), n), payload, strict=True):
                results[i] = value
        if failures:
            raise WorkerError("\n".join(failures))
        return results
    except BaseException:
        for _, process, _receive in children:
            process.terminate()
        raise
    finally:
        for _, process, receive in children:
            receive.close()
            process.join()


def _work(tasks: Sequence[Callable[[], Any]], k: int, n: int, send) -> None:
    try:
        payload: Any = [tasks[i]() for i in range(k, len(tasks), n)]
        ok = True
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        ok, payload = False, traceback.format_exc()
    send.send((ok, payload))
    send.close()
