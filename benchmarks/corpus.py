"""A synthetic corpus for the benchmark: N articles made from the seeds' own sentences.

Each article starts from one seed page (its header lines, so ingest finds title, outlet and
date as it would), keeps most of its paragraphs and swaps some for paragraphs of other seeds.
Then every place the gazetteer finds is replaced by another real place on the same side of
East–West cooperation — an eastern donor province by another donor province, a western
recipient by another recipient, a city by a city of the new province, a county by a county
of the new city — consistently within the article (the same place always becomes the same
other place; 粤黔 abbreviations follow their provinces). Numerals are perturbed (years kept),
so figures differ from article to article. Extraction and rendering then do real work:
different pairings, regions, figures and quotes in every article.

Deterministic: the same seed and size give byte-identical files.

    .venv/bin/python benchmarks/corpus.py OUT_DIR --articles 1000 [--seed 20250101]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (5, 100, 1000)  # 1×, 20× and 200× the five seeds

_NUMBER = re.compile(r"(?<![\d.])(\d+)(\.\d+)?(?![\d.])")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _is_paragraph(line: str) -> bool:
    return len(line.strip()) >= 40


class PlaceSwapper:
    """Consistent place substitution within one article, drawn from the gazetteer."""

    def __init__(self, gazetteer, rng: random.Random):
        self.g = gazetteer
        self.rng = rng
        self.by_side = {"donor": [], "recipient": []}
        for prov in gazetteer.places("province"):
            side = gazetteer.side(prov.adcode)
            if side in self.by_side:
                self.by_side[side].append(prov.adcode)
        self.abbr_of: dict[str, str] = {}
        for char, code in gazetteer._abbr.items():  # first abbreviation listed per province
            self.abbr_of.setdefault(code, char)
        self.mapping: dict[str, str] = {}

    def reset(self) -> None:
        self.mapping = {}

    def _kids(self, adcode: str, levels: tuple[str, ...]) -> list[str]:
        return [p.adcode for p in self.g.children(adcode) if p.level in levels]

    def _descendants(self, adcode: str) -> list[str]:
        out = []
        for child in self.g.children(adcode):
            out.append(child.adcode)
            out.extend(c.adcode for c in self.g.children(child.adcode))
        return out

    def map(self, adcode: str) -> str:
        """The substitute of a place (same level, same side), chosen once per article."""
        if adcode in self.mapping:
            return self.mapping[adcode]
        place = self.g.get(adcode)
        target = adcode
        if place is not None:
            if place.level == "province":
                side = self.g.side(adcode)
                pool = [c for c in self.by_side.get(side, []) if c not in self.mapping.values()]
                if side in self.by_side and pool:
                    target = self.rng.choice(pool)
            else:
                parent = place.parent
                new_parent = self.map(parent) if parent else None
                if new_parent and new_parent != parent:
                    levels = ("prefecture",) if place.level == "prefecture" else ("county", "district")
                    pool = self._kids(new_parent, levels) or self._kids(new_parent, ("prefecture", "county", "district"))
                    province = self.g.province_of(adcode)
                    if not pool and province is not None:  # the new parent has no such children: same province
                        new_province = self.map(province.adcode)
                        pool = [c for c in self._descendants(new_province) if self.g.get(c).level in levels]
                    used = set(self.mapping.values())
                    pool = [c for c in pool if c not in used] or pool
                    if pool:
                        target = self.rng.choice(sorted(pool))
        self.mapping[adcode] = target
        return target

    def surface(self, mention, new_code: str) -> str:
        old = mention.candidates[0]
        new = self.g.get(new_code)
        if new is None or new_code == old.adcode:
            return mention.surface
        if mention.kind == "abbr":
            return self.abbr_of.get(new_code, mention.surface)
        if mention.surface == old.name:
            return new.name
        if old.short and mention.surface.startswith(old.short):
            rest = mention.surface[len(old.short):]
            return (new.short + rest) if new.short else new.name
        return new.short or new.name

    def apply(self, text: str) -> str:
        mentions = [m for m in self.g.find_mentions(text) if m.candidates]
        pieces, last = [], 0
        for m in mentions:
            if m.start < last:
                continue
            new_code = self.map(m.candidates[0].adcode)
            pieces.append(text[last:m.start])
            pieces.append(self.surface(m, new_code))
            last = m.end
        pieces.append(text[last:])
        return "".join(pieces)


def perturb_numbers(text: str, rng: random.Random) -> str:
    """Scale every numeral by 0.5–1.6 (at least 1), keeping decimals' places; years stay."""

    def repl(match: re.Match) -> str:
        whole, frac = match.group(1), match.group(2)
        if not frac and _YEAR.fullmatch(whole):
            return match.group(0)
        if not frac and len(whole) <= 2 and match.end() < len(text) and text[match.end()] in "月日时:：":
            return match.group(0)  # dates and times stay valid
        value = float(whole + (frac or ""))
        new = value * rng.uniform(0.5, 1.6)
        if frac:
            return f"{max(new, 0.1):.{len(frac) - 1}f}"
        return str(max(1, round(new)))

    return _NUMBER.sub(repl, text)


def load_seeds(seeds_dir: Path) -> list[list[str]]:
    return [p.read_text(encoding="utf-8").splitlines() for p in sorted(Path(seeds_dir).glob("*.txt"))]


def make_article(seeds: list[list[str]], index: int, rng: random.Random, swapper: PlaceSwapper) -> str:
    base = seeds[index % len(seeds)]
    others = [line for k, lines in enumerate(seeds) if k != index % len(seeds) for line in lines if _is_paragraph(line)]
    first_paragraph = next((k for k, line in enumerate(base) if _is_paragraph(line)), 0)
    lines = []
    for k, line in enumerate(base):
        if k > first_paragraph + 1 and _is_paragraph(line) and rng.random() < 0.3:
            indent = line[: len(line) - len(line.lstrip())]
            line = indent + rng.choice(others).strip()
        lines.append(line)
    text = "\n".join(lines) + "\n"
    swapper.reset()
    text = swapper.apply(text)
    return perturb_numbers(text, rng)


def make_corpus(out_dir: Path, articles: int, *, seed: int = 20250101, seeds_dir: Path = ROOT / "seeds") -> list[Path]:
    """Write `articles` files bench_NNNN.txt into out_dir (emptied of .txt first); return them."""
    from generator.gazetteer import Gazetteer

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed)
    swapper = PlaceSwapper(Gazetteer.load(ROOT / "data"), rng)
    seeds = load_seeds(seeds_dir)
    files = []
    for i in range(articles):
        path = out_dir / f"bench_{i:04d}.txt"
        path.write_text(make_article(seeds, i, rng, swapper), encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()
    files = make_corpus(args.out_dir, args.articles, seed=args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} articles, {size / 1e6:.2f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
