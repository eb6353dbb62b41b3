"""Charts, maps and the languages' MkDocs builds run on every core: same output, errors still named."""

from __future__ import annotations

import filecmp
import os
from functools import partial
from pathlib import Path

import pytest
from projects import make_project

from generator import parallel, site
from generator.parallel import MAX_WORKERS, MIN_TASKS, WorkerError, fork_map, workers_for
from generator.pipeline import render_and_build


def _square_with_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fails_on(bad: int, n: int) -> int:
    if n == bad:
        raise ValueError(f"task {n} cannot be done")
    return n


def test_fork_map_returns_every_result_in_order_from_more_than_one_process():
    tasks = [partial(_square_with_pid, n) for n in range(20)]
    results = fork_map(tasks, workers=2)
    assert [value for value, _ in results] == [n * n for n in range(20)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2  # the parent is a worker too


def _frozen_objects_and_pid(_n: int) -> tuple[int, int]:
    import gc

    return gc.get_freeze_count(), os.getpid()


def test_a_forked_worker_leaves_what_it_inherited_out_of_garbage_collection():
    """A worker's collections must not walk (and so copy) the parent's heap: at 1,000 articles two
    MkDocs builds forked from the build each copied ~250 MB of it."""
    results = fork_map([partial(_frozen_objects_and_pid, n) for n in range(12)], workers=2)
    in_worker = [frozen for frozen, pid in results if pid != os.getpid()]
    in_parent = [frozen for frozen, pid in results if pid == os.getpid()]
    assert in_worker and min(in_worker) > 1000  # every object of the parent, frozen in the child
    assert in_parent and max(in_parent) == 0  # the parent's own collections are left as they were
    beside = parallel.Beside(partial(_frozen_objects_and_pid, 0), fork=True)
    frozen, pid = beside.result()
    assert pid != os.getpid() and frozen > 1000


def test_a_task_failing_in_a_worker_is_raised_with_its_traceback():
    tasks = [partial(_fails_on, 7, n) for n in range(12)]  # task 7 runs in worker 1 of 2
    with pytest.raises(WorkerError, match=r"(?s)ValueError: task 7 cannot be done"):
        fork_map(tasks, workers=2)


def test_a_task_failing_in_the_parent_raises_it_as_it_is():
    tasks = [partial(_fails_on, 4, n) for n in range(12)]  # task 4 runs in the parent (worker 0)
    with pytest.raises(ValueError, match="task 4"):
        fork_map(tasks, workers=2)


def test_little_work_or_one_core_stays_in_this_process():
    assert workers_for(MIN_TASKS - 1, cores=8) == 1
    assert workers_for(100, cores=1) == 1
    assert workers_for(100, cores=2) == 2
    assert workers_for(3 * MIN_TASKS, cores=64) == MAX_WORKERS  # a big machine: a bounded number of forks
    results = fork_map([partial(_square_with_pid, n) for n in range(3)])
    assert {pid for _, pid in results} == {os.getpid()}


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_build_on_two_cores_writes_the_same_site_as_on_one(tmp_path, fixture_data_dir, gazetteer, monkeypatch):
    sites = {}
    for cores in (1, 2):
        monkeypatch.setattr(parallel, "usable_cores", lambda cores=cores: cores)
        monkeypatch.setattr(site, "usable_cores", lambda cores=cores: cores)
        project = tmp_path / f"cores{cores}"
        project.mkdir()
        paths = make_project(project, fixture_data_dir)
        run = render_and_build(paths, gazetteer=gazetteer)
        assert set(run.site.pages) == {"zh", "en"}
        sites[cores] = paths.site
    one, two = sites[1], sites[2]
    files = _tree(one)
    assert files == _tree(two)
    assert any(f.startswith("en/report/charts/") for f in files) and any("/maps/" in f for f in files)
    _, mismatch, errors = filecmp.cmpfiles(one, two, sorted(files), shallow=False)
    assert not mismatch and not errors, mismatch[:10]


def test_data_errors_cross_from_a_worker_whole_and_loading_goes_on_past_them(tmp_path):
    import pickle
    import shutil

    from generator.io import DataError
    from generator.store import load_articles

    error = DataError(Path("data/articles/x.yaml"), "value is not a number", line=12, field_path="figures.0.value",
                      problems=[DataError(Path("data/articles/x.yaml"), "unknown indicator", line=20)])
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.path, again.line, again.field_path) == (str(error), error.path, 12, "figures.0.value")

    articles = tmp_path / "data" / "articles"
    articles.mkdir(parents=True)
    seeds = sorted((Path(__file__).resolve().parents[1] / "data" / "articles").glob("*.yaml"))
    for seed in seeds:
        shutil.copy(seed, articles / seed.name)
    for k in range(MIN_TASKS):  # enough files for the workers
        (articles / f"zz_broken_{k}.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    loaded = load_articles(tmp_path / "data")
    assert [a.article.id for a in loaded.articles] == [s.stem for s in seeds]
    assert sorted(e.path.name for e in loaded.errors) == [f"zz_broken_{k}.yaml" for k in range(MIN_TASKS)]
    assert all(e.line for e in loaded.errors)
