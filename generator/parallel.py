"""Run a stage's independent, CPU-bound pieces (a chart, a map) on every core.

Charts and maps are drawn from the whole report; shipping it to worker processes would cost more
than some drawings. Forked workers inherit it instead: each task is a closure the parent built, a
worker runs every n-th task and sends back only the results (strings). Where the platform cannot
fork, or there is one core or little work, the tasks run here, one after the other; the results
are the same either way (each task is a pure function of what it closes over).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

MIN_TASKS = 8  # below this, forking costs more than it saves
MAX_WORKERS = 8  # each worker is a copy-on-write fork of the build (up to ~500 MB at 1,000 articles)


def begin_forked_child(parent: int) -> None:
    """First thing in a forked child. Have Linux end it when `parent`, the build that forked it, dies
    (killed, say), so that no child is left waiting forever for work or for a reader that is gone; and
    leave every object inherited from the parent out of garbage collection (gc.freeze): a collection
    walking them writes to each one, which copies every page of the heap the child shares with the
    parent copy-on-write (at 1,000 articles, two MkDocs builds forked from the build held ~250 MB more).
    The prctl call is Linux's; elsewhere only the freeze."""
    gc.freeze()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class WorkerError(RuntimeError):
    """A task failed in a worker process; the message holds its traceback."""


def return_freed_memory() -> None:
    """Collect garbage and hand the freed heap back to the system (glibc's malloc_trim), so that what
    this process no longer needs is not counted in its memory while its forked children work."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


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
            process = context.Process(target=_work, args=(tasks, k, n, send, os.getpid()), daemon=True)
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


def _work(tasks: Sequence[Callable[[], Any]], k: int, n: int, send, parent: int) -> None:
    begin_forked_child(parent)
    try:
        payload: Any = [tasks[i]() for i in range(k, len(tasks), n)]
        ok = True
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        ok, payload = False, traceback.format_exc()
    send.send((ok, payload))
    send.close()


class Beside(Generic[T]):
    """One call running in a forked child while the caller goes on; `result()` waits for it.

    For a stage whose output no later stage reads until the site is assembled (the maps), so that
    its serial parts (imports, set-up) use a core the caller leaves idle. Where the platform cannot
    fork or there is one core, the call runs in `result()`, here; the result is the same.
    """

    def __init__(self, task: Callable[[], T], *, fork: bool | None = None):
        self._task = task
        self._process = None
        self._receive = None
        self.seconds = 0.0  # how long the call itself took (in the child, or here)
        if fork is None:
            fork = usable_cores() > 1 and "fork" in multiprocessing.get_all_start_methods()
        if fork:
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            # not a daemon: the task may fork workers of its own (generator.parallel.fork_map)
            self._process = context.Process(target=_beside, args=(task, send, os.getpid()), daemon=False)
            self._process.start()
            send.close()

    def result(self) -> T:
        """The call's return value; WorkerError (with the child's traceback) when it raised."""
        if self._process is None:
            start = time.perf_counter()
            try:
                return self._task()
            finally:
                self.seconds = time.perf_counter() - start
        assert self._receive is not None
        try:
            ok, payload, self.seconds = self._receive.recv()
        except EOFError:
            ok, payload = False, f"the child stopped without a result (exit code {self._process.exitcode})"
        finally:
            self._receive.close()
            self._process.join()
            self._process = None
        if not ok:
            raise WorkerError(payload)
        return payload

    def cancel(self) -> None:
        """Stop the child (the caller failed and will not ask for the result)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
            if self._receive is not None:
                self._receive.close()


def _beside(task: Callable[[], Any], send, parent: int) -> None:
    begin_forked_child(parent)
    start = time.perf_counter()
    try:
        payload: Any = task()
        ok = True
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        ok, payload = False, traceback.format_exc()
    send.send((ok, payload, time.perf_counter() - start))
    send.close()
