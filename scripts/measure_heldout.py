"""Blind measurement of a held-out set with the generator of this checkout (the one the script is in).

Usage: .venv/bin/python scripts/measure_heldout.py tests/fixtures/heldout10 [-v] [--periods]
Reports evaluate's measures plus scope, qualifier and period accuracy over matched figures and
outlet/date found over articles whose gold states one; --periods lists each period that differs.
"""
import sys
from pathlib import Path

# This checkout's generator, not an installed copy of another one (an editable install points
# wherever it was made from).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator import evaluate as ev  # noqa: E402
from generator.config import ProjectPaths  # noqa: E402
from generator.pipeline import collect_article_files, extract_files  # noqa: E402

root = Path(sys.argv[1])
paths = ProjectPaths(Path(__file__).resolve().parents[1])
run = extract_files(collect_article_files([root / "articles"]), paths, save=False)
gold = ev.load_gold(root / "gold")
rep = ev.evaluate(root / "gold", run.facts)
print(ev.format_report(rep).splitlines()[-1])
t = rep.total
scope_ok = scope_n = qual_ok = per_ok = matched = 0
out_ok = out_n = date_ok = date_n = 0
wrong_scope = []
for facts in run.facts:
    g = gold.get(facts.article.id)
    if g is None:
        continue
    if g.get("outlet"):
        out_n += 1; out_ok += (facts.article.outlet or "") == g["outlet"]
    if g.get("date"):
        date_n += 1; date_ok += str(facts.article.date or "") == str(g["date"])
    pid = {p.id: (p.donor.adcode, p.recipient.adcode) for p in facts.pairings}
    pool = [f for f in facts.figures if f.status != "rejected"]
    text = facts.article.text
    for gf in g.get("figures") or []:
        spans = ev._spans(text, gf.get("quote", ""))
        best, bk = None, None
        for fig in pool:
            if not ev._same_value(fig.value, gf.get("value")):
                continue
            ov = ev._overlap(gf.get("quote", ""), spans, fig)
            if ov <= 0:
                continue
            k = (fig.indicator == gf.get("indicator"), ov)
            if bk is None or k > bk:
                best, bk = fig, k
        if best is None:
            continue
        pool.remove(best); matched += 1
        qual_ok += best.qualifier == gf.get("qualifier")
        per_ok += (best.period or None) == (gf.get("period") or None)
        if (best.period or None) != (gf.get("period") or None) and "--periods" in sys.argv:
            print(f"  period {facts.article.id[:14]} got {best.period!r:16} want {gf.get('period')!r:16} «{gf.get('quote', '')[:40]}»")
        if "scope" in gf:
            scope_n += 1
            s = gf["scope"]
            want = (str(s["donor"]), str(s["recipient"])) if s else None
            got = pid.get(best.pairing) if best.pairing else None
            if got == want:
                scope_ok += 1
            else:
                wrong_scope.append(f"{facts.article.id}: {gf.get('quote')[:30]} want {want} got {got}")
f = lambda a, b: f"{a/b:.2f} ({a}/{b})" if b else "n/a"
print(f"pairings P {t.pairings.precision:.2f} R {t.pairings.recall:.2f} | figures P {t.figures.precision:.2f} R {t.figures.recall:.2f} | indicator {t.indicator_accuracy:.2f}")
print(f"scope {f(scope_ok, scope_n)} | qualifier {f(qual_ok, matched)} | period {f(per_ok, matched)} | outlet {f(out_ok, out_n)} | date {f(date_ok, date_n)}")
if "-v" in sys.argv:
    print("\n".join(wrong_scope))
