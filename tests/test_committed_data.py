"""The published site is the committed data: data/ must be what the extractor makes of seeds/.

The deploy and preview workflows render with `build --no-extract`, so a pull request that changes
the extractor (or a seed) without committing the refreshed data/ would publish stale facts. This
test fails then, naming the one command that refreshes data/.
"""

from __future__ import annotations

from pathlib import Path

from generator.config import ProjectPaths
from generator.io import load_yaml_file
from generator.pipeline import collect_article_files, extract_files
from generator.seeds import extractor_fingerprint
from generator.store import facts_to_dict, merge_documents

ROOT = Path(__file__).resolve().parent.parent
REFRESH = "python -m generator extract --force seeds/"
IGNORED = ("extractor",)  # the fingerprint of the code: refreshed by the same command, facts matter here


def _without(document: dict) -> dict:
    return {k: v for k, v in document.items() if k not in IGNORED}


def test_data_machine_matches_a_fresh_extraction_of_the_seeds():
    paths = ProjectPaths(ROOT)
    seeds = collect_article_files([paths.seeds])
    run = extract_files(seeds, paths, save=False)
    assert not run.failures, run.failures
    machine_dir, review_dir = paths.data / "machine", paths.data / "articles"
    stale, unreviewable = [], []
    for facts in run.facts:
        aid = facts.article.id
        fresh = facts_to_dict(facts)
        machine_path = machine_dir / f"{aid}.yaml"
        if not machine_path.exists() or _without(load_yaml_file(machine_path)) != _without(fresh):
            stale.append(f"data/machine/{aid}.yaml")
        review_path = review_dir / f"{aid}.yaml"
        if not review_path.exists():
            unreviewable.append(f"data/articles/{aid}.yaml is missing")
            continue
        current = load_yaml_file(review_path)
        merged, log = merge_documents(current, load_yaml_file(machine_path) if machine_path.exists() else None,
                                      fresh, text=facts.article.text)
        if _without(dict(merged)) != _without(current):
            unreviewable.append(f"data/articles/{aid}.yaml ({log.summary()})")
    orphans = sorted(p.name for p in machine_dir.glob("*.yaml") if p.stem not in {f.article.id for f in run.facts})
    assert not stale and not unreviewable and not orphans, (
        "data/ is stale against the extractor on seeds/ (the site is built from data/ as committed).\n"
        f"Refresh it with:  {REFRESH}\n"
        + "".join(f"  stale: {s}\n" for s in stale)
        + "".join(f"  not what extract would write: {s}\n" for s in unreviewable)
        + "".join(f"  no seed for data/machine/{name}\n" for name in orphans)
    )


def test_the_workflows_render_the_committed_data():
    """Every workflow step that builds the site renders data/ as committed (no extraction)."""
    builds = []
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for job in (load_yaml_file(workflow).get("jobs") or {}).values():
            for step in job.get("steps") or []:
                script = step.get("run") or ""
                for line in script.splitlines():
                    if any(cmd in line for cmd in ("make site", "make pdf", "generator build")):
                        builds.append((workflow.name, line.strip()))
    assert {name for name, _ in builds} >= {"deploy.yml", "preview.yml"}
    assert all("--no-extract" in line for _, line in builds), builds


def test_committed_data_names_this_trees_extractor():
    """The fingerprint too: a stale one makes a fresh clone's first `build` re-extract and rewrite data/,
    leaving the checkout dirty, even when no fact changed."""
    current = extractor_fingerprint(ProjectPaths(ROOT))
    stale = [f"{p.parent.name}/{p.name}" for folder in ("articles", "machine")
             for p in sorted((ROOT / "data" / folder).glob("*.yaml"))
             if load_yaml_file(p).get("extractor") != current]
    assert not stale, f"data/ names another extractor than this tree's ({current}); refresh with {REFRESH}: {stale}"
