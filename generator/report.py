"""data/ -> Report: regions, their pairings grouped by city/county, figures with scope and period, sources.

The report never adds figures together. A figure's scope is the donor -> recipient
pairing it belongs to (Figure.pairing, else the article's first pairing); two figures
of different scope or period are different facts, and even two of the same scope and
period may be one fact reported twice. Summaries therefore *select* (the broadest
scope available) and always show the scope and period of what they selected.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Literal, Mapping, Protocol, Sequence

from .config import ProjectNotFound, ProjectPaths
from .indicators import IndicatorCatalog
from .model import ArticleFacts, Figure, Institution, Pairing, Place, PlaceRef
from .sources import Statement, identify_statements
from .store import load_data_file

Role = Literal["recipient", "donor", "both"]
OUTCOME_INDICATORS = ("outcome_level", "outcome_change")
# Broader scope first: a province-level figure covers the whole province.
LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "district": 2, None: 3}


class PlaceLookup(Protocol):
    """What the report needs from generator.gazetteer.Gazetteer."""

    def get(self, adcode: str) -> Place | None: ...
    def province_of(self, adcode: str) -> Place | None: ...
    def city_of(self, adcode: str) -> Place | None: ...


# ------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class PlaceInfo:
    """A place as the report shows it: both names, level, and its province."""

    adcode: str
    name: str
    name_en: str
    level: str | None
    province: str  # adcode of the province-level division it belongs to

    def label(self, langs: str | Sequence[str]) -> str:
        """The name in the first of `langs` (a language and its fallbacks) that has one, else the
        source (Chinese) name. Data access by language code, not branching: the gazetteer gives
        English names (name_en) besides the source ones."""
        for lang in [langs] if isinstance(langs, str) else langs:
            if name := self.translated_name(lang):
                return name
        return self.name

    def translated_name(self, lang: str) -> str | None:
        """The name in language `lang` when the gazetteer has one (English today), else None."""
        return {"en": self.name_en}.get(lang) or None


@dataclass
class ScopedFigure:
    """A figure with the pairing it is scoped to and the article it comes from.

    `fact` is the cross-article fact it states (generator/sources.py): the same figure told by
    several articles is one fact, shown once, with every article as a source.
    """

    figure: Figure
    source_id: str
    link: "Link | None"  # None when the article names no usable pairing
    scope_assumed: bool = False  # no pairing stated: Figure.pairing empty (first pairing used) or Figure.scope_assumed
    fact: "Fact | None" = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.figure.id

    @property
    def own_reviewed(self) -> bool:
        return is_reviewed(self.figure)

    def is_part_of(self, others: Iterable["ScopedFigure"]) -> bool:
        """A part of a total of the same indicator among `others` (其中100万元… of 500万元): shown with
        its total, never as a figure of its own beside it."""
        total = self.figure.part_of
        return bool(total) and any(
            o.source_id == self.source_id and o.figure.id == total and o.figure.indicator == self.figure.indicator
            for o in others
        )

    @property
    def reviewed(self) -> bool:
        """Reviewed by a person, in this article or in any other that states the same fact."""
        return self.fact.reviewed if self.fact is not None else self.own_reviewed

    @property
    def status(self) -> str:
        """The status shown with the fact: a review of any of its statements counts for all."""
        return self.fact.status if self.fact is not None else self.figure.status

    @property
    def needs_second_look(self) -> bool:
        """Shown with the status: a person's decision the last extraction could not match."""
        return self.fact.needs_second_look if self.fact is not None else self.figure.needs_second_look

    @property
    def citations(self) -> list["Citation"]:
        return self.fact.citations if self.fact is not None else [Citation(self.source_id, self.id, self)]

    @property
    def conflicts(self) -> list["ScopedFigure"]:
        """Facts of the same indicator, scope and period that other articles give another value."""
        return self.fact.conflicts if self.fact is not None else []

    @property
    def is_representative(self) -> bool:
        return self.fact is None or self.fact.statements[0] is self

    @property
    def is_outcome(self) -> bool:
        return self.figure.indicator in OUTCOME_INDICATORS


@dataclass(frozen=True)
class Citation:
    """One source of a fact: the article page and the anchor of the statement quoted there."""

    source_id: str
    anchor: str  # figure id on that source page
    statement: ScopedFigure  # the figure as stated (for a repost: as its original states it)
    repost_of: str | None = None  # the original's id when this source is a repost


@dataclass
class Fact:
    """One fact across articles: its statements (representative first), sources, disagreements."""

    statements: list[ScopedFigure]
    citations: list[Citation] = field(default_factory=list)
    conflicts: list[ScopedFigure] = field(default_factory=list)  # representatives of disagreeing facts

    @property
    def id(self) -> str:
        return self.statements[0].id

    @property
    def reviewed(self) -> bool:
        return any(s.own_reviewed for s in self.statements)

    @property
    def status(self) -> str:
        for s in self.statements:
            if s.own_reviewed:
                return s.figure.status
        return self.statements[0].figure.status

    @property
    def needs_second_look(self) -> bool:
        return not self.reviewed and self.statements[0].figure.needs_second_look

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(c.source_id for c in self.citations))


@dataclass
class Mention:
    """One article's statement of a pairing (its quote), for provenance."""

    pairing: Pairing
    source_id: str


@dataclass
class Link:
    """A donor -> recipient relationship, merged over all articles that report it."""

    id: str  # "p-<donor adcode>-<recipient adcode>": the anchor on region pages
    donor: PlaceInfo
    recipient: PlaceInfo
    mentions: list[Mention] = field(default_factory=list)
    figures: list[ScopedFigure] = field(default_factory=list)

    @property
    def institutions(self) -> list[tuple[Institution, str]]:
        seen, out = set(), []
        for m in self.mentions:
            for inst in m.pairing.institutions:
                key = (inst.donor, inst.recipient)
                if key not in seen:
                    seen.add(key)
                    out.append((inst, m.source_id))
        return out

    @property
    def inputs(self) -> list[ScopedFigure]:
        return [f for f in self.figures if not f.is_outcome]

    @property
    def outcomes(self) -> list[ScopedFigure]:
        return [f for f in self.figures if f.is_outcome]

    @property
    def source_ids(self) -> list[str]:
        ids = {m.source_id for m in self.mentions} | {c.source_id for f in self.figures for c in f.citations}
        return sorted(ids | {r for sid in ids for r in self.reposts.get(sid, ())})

    reposts: dict[str, list[str]] = field(default_factory=dict, repr=False)  # original id -> its reposts

    @property
    def conflict_groups(self) -> list[list[ScopedFigure]]:
        """Facts of this link whose sources disagree, each with the facts it disagrees with."""
        groups: list[list[ScopedFigure]] = []
        seen: set[int] = set()
        for sf in self.figures:
            if sf.conflicts and id(sf) not in seen:
                group = [sf] + [c for c in sf.conflicts if id(c) not in seen and c is not sf]
                seen.update(id(f) for f in group)
                groups.append(group)
        return groups

    @property
    def scope_rank(self) -> int:
        return max(LEVEL_RANK.get(self.donor.level, 3), LEVEL_RANK.get(self.recipient.level, 3))


@dataclass
class PlaceGroup:
    """Links grouped by the city (or county) on this region's side of them."""

    place: PlaceInfo
    links: list[Link]
    region_wide: bool = False  # the place is the region itself (province-level pairings)
    # "received" (aid coming in) or "given" (going out): a place may be on both sides (a province
    # that gives and receives, a city aiding a county of its own province), each a page of its own.
    side: str = "received"


@dataclass
class Region:
    """A province-level division that gives or receives aid."""

    place: PlaceInfo
    slug: str
    role: Role
    received: list[PlaceGroup] = field(default_factory=list)  # aid coming in, by recipient city/county
    given: list[PlaceGroup] = field(default_factory=list)  # aid going out, by donor city/county
    partners_from: list[PlaceInfo] = field(default_factory=list)  # donor provinces
    partners_to: list[PlaceInfo] = field(default_factory=list)  # recipient provinces

    @property
    def links(self) -> list[Link]:
        return [link for g in self.received + self.given for link in g.links]

    @property
    def source_ids(self) -> list[str]:
        return sorted({s for link in self.links for s in link.source_ids})


@dataclass
class Source:
    """One article with its kept (not rejected) facts."""

    facts: ArticleFacts
    pairings: list[Pairing]
    figures: list[ScopedFigure]
    regions: list[str]  # slugs of the region pages that cite it
    copy_of: str | None = None  # the original this article reposts (its facts are the original's)
    reposts: list[str] = field(default_factory=list)  # articles that repost this one

    @property
    def id(self) -> str:
        return self.facts.article.id

    @property
    def is_copy(self) -> bool:
        return self.copy_of is not None


@dataclass
class HeadlineEntry:
    """The figure shown for one indicator and one recipient region, chosen, never summed."""

    indicator: str
    region: Region
    figure: ScopedFigure
    others: int  # figures of this indicator for this region not shown here (on the region page)

    @property
    def disagree(self) -> bool:
        """Other sources give this indicator, scope and period another value."""
        return bool(self.figure.conflicts)


@dataclass
class ComparisonRow:
    region: Region
    cells: dict[str, ScopedFigure | None]  # indicator id -> the figure chosen, or None


@dataclass
class Report:
    regions: list[Region]
    links: list[Link]
    sources: list[Source]
    headline: dict[str, list[HeadlineEntry]]  # indicator id -> entries, by region
    comparison: list[ComparisonRow]
    comparison_indicators: list[str]
    catalog: IndicatorCatalog
    figure_count: int = 0  # distinct facts (a figure stated by several articles counts once)
    review: "ReviewCounts | None" = None  # how many facts a person has reviewed (from the data)

    @property
    def distinct_reports(self) -> int:
        """Articles that are not reposts of another article held."""
        return sum(1 for s in self.sources if not s.is_copy)

    @property
    def facts(self) -> list[ScopedFigure]:
        """Every distinct fact once, by its representative statement (articles in id order)."""
        return [sf for s in self.sources for sf in s.figures if sf.is_representative]

    def region(self, adcode_or_slug: str) -> Region:
        for r in self.regions:
            if adcode_or_slug in (r.place.adcode, r.slug):
                return r
        raise KeyError(adcode_or_slug)

    def source(self, source_id: str) -> Source:
        index = self.__dict__.get("_source_index")
        if index is None:
            index = self.__dict__["_source_index"] = {s.id: s for s in self.sources}
        return index[source_id]

    def link_for(self, pairing: Pairing) -> Link | None:
        """The merged link a pairing statement belongs to (None if its places are unresolved)."""
        index = self.__dict__.get("_link_index")
        if index is None:
            index = self.__dict__["_link_index"] = {(l.donor.adcode, l.recipient.adcode): l for l in self.links}
        return index.get((pairing.donor.adcode, pairing.recipient.adcode))

    def links_into(self, region: Region) -> list[Link]:
        return [link for g in region.received for link in g.links]

    @property
    def recipients(self) -> list[Region]:
        return [r for r in self.regions if r.role in ("recipient", "both")]

    @property
    def donors(self) -> list[Region]:
        return [r for r in self.regions if r.role in ("donor", "both")]


# ------------------------------------------------------------------------------ places


class _Places:
    """Resolves adcodes to PlaceInfo via the gazetteer, falling back to names seen in data."""

    def __init__(self, gazetteer: PlaceLookup | None, seen: dict[str, PlaceRef]):
        self.gazetteer = gazetteer
        self.seen = seen
        self.cache: dict[str, PlaceInfo] = {}

    def _english(self, adcode: str, place: Place | None, fallback: str) -> str:
        english = getattr(self.gazetteer, "english_name", None)
        if english is not None:
            try:
                name = english(adcode)
                if name:
                    return name
            except (KeyError, ValueError):
                pass
        return (place.name_en if place else "") or fallback

    def province_code(self, adcode: str) -> str:
        if self.gazetteer is not None:
            prov = self.gazetteer.province_of(adcode)
            if prov is not None:
                return prov.adcode
        return adcode[:2] + "0000"

    def info(self, adcode: str) -> PlaceInfo:
        if adcode in self.cache:
            return self.cache[adcode]
        place = self.gazetteer.get(adcode) if self.gazetteer is not None else None
        ref = self.seen.get(adcode)
        name = (place.name if place else None) or (ref.name if ref else adcode)
        level = (place.level if place else None) or (ref.level if ref else None)
        if level is None and adcode.endswith("0000"):
            level = "province"
        info = PlaceInfo(adcode, name, self._english(adcode, place, name), level, self.province_code(adcode))
        self.cache[adcode] = info
        return info

    def group_of(self, adcode: str) -> str:
        """The city a place is grouped under: itself for provinces and cities, else its city."""
        info = self.info(adcode)
        if info.level in ("province", "prefecture"):
            return adcode
        if self.gazetteer is not None:
            city = self.gazetteer.city_of(adcode)
            if city is not None:
                return city.adcode
        return adcode


def load_region_slugs(path: Path | None = None) -> dict[str, str]:
    """Province adcode -> the region page's slug (default: the project's data/regions.yaml); {}
    when there is no such file (each region page is then named by its adcode).

    The slug is stored, not derived from the English name, so a spelling correction in the
    gazetteer never moves a region's pages (and every link to them).
    """

    if path is None:
        try:
            path = ProjectPaths.discover().data / "regions.yaml"
        except ProjectNotFound:
            return {}
    if not Path(path).is_file():
        return {}
    return {str(k): str(v) for k, v in (load_data_file(Path(path), "regions").get("slugs") or {}).items()}


# ------------------------------------------------------------------------------ build


def kept(status: str) -> bool:
    return status != "rejected"


PUBLISH_MODES = ("all", "reviewed")  # mkdocs.yml extra.report.publish


def is_reviewed(fact: Figure | Pairing) -> bool:
    """Checked by a person and still standing: reviewed or added, and not waiting for a second
    look after its article was re-edited (store.py)."""
    return fact.status in ("reviewed", "added") and not getattr(fact, "needs_second_look", False)


@dataclass(frozen=True)
class ReviewCounts:
    """What people have reviewed, counted from data/ (never claimed, always counted).

    Figures and pairings that are not rejected; `published` counts what this edition shows
    (all of them, or only the reviewed ones with `publish: reviewed`).
    """

    figures: int
    figures_reviewed: int
    pairings: int
    pairings_reviewed: int
    rejected: int  # facts a person rejected (not shown)
    second_look: int  # reviewed facts whose article changed since (shown as not yet reviewed)
    publish: str = "all"
    unreviewed_facts: int | None = None  # distinct facts no person has reviewed (set once facts are identified)

    @property
    def reviewed_only(self) -> bool:
        return self.publish == "reviewed"

    @property
    def facts(self) -> int:
        return self.figures + self.pairings

    @property
    def facts_reviewed(self) -> int:
        return self.figures_reviewed + self.pairings_reviewed

    @property
    def figures_left_out(self) -> int:
        """Facts not published because no person has reviewed any of their statements (publish: reviewed).

        Counted as facts, not statements: a figure two articles state is one fact left out, and a
        figure reviewed in one article publishes its restatements with it (generator/sources.py)."""
        if not self.reviewed_only:
            return 0
        return self.unreviewed_facts if self.unreviewed_facts is not None else self.figures - self.figures_reviewed


def link_id(key: tuple[str, str]) -> str:
    """The id of the pairing between two places (donor, recipient adcodes): its anchor on the pages."""
    return f"p-{key[0]}-{key[1]}"


def figure_scopes(
    figures: Iterable[Figure], pairings: Sequence[Pairing]
) -> Iterator[tuple[Figure, tuple[str, str] | None, bool]]:
    """Each kept figure of one article with the (donor, recipient) it is filed under and whether
    that was assumed: its own pairing, else the article's first placed one (assumed). Assumed also
    when the extractor filed it under the article's main pairing for want of anything tying it
    (until a person checks it). Shared by the report and the workbench (generator/review/identity.py)."""
    keys: dict[str, tuple[str, str]] = {}
    for p in pairings:
        if p.donor.adcode and p.recipient.adcode:
            keys.setdefault(p.id, (p.donor.adcode, p.recipient.adcode))
    first = next(iter(keys.values()), None)
    for f in figures:
        if not kept(f.status):
            continue
        key = keys.get(f.pairing or "")
        assumed = (key is None and first is not None) or (key is not None and f.scope_assumed and f.status == "machine")
        yield f, key or first, assumed


def count_reviews(articles: Iterable[ArticleFacts], publish: str = "all") -> ReviewCounts:
    articles = list(articles)
    figures = [f for a in articles for f in a.figures]
    pairings = [p for a in articles for p in a.pairings]
    facts = [fact for a in articles for fact in a.facts]
    return ReviewCounts(
        figures=sum(kept(f.status) for f in figures),
        figures_reviewed=sum(is_reviewed(f) for f in figures),
        pairings=sum(kept(p.status) for p in pairings),
        pairings_reviewed=sum(is_reviewed(p) for p in pairings),
        rejected=sum(not kept(f.status) for f in facts),
        second_look=sum(bool(getattr(f, "needs_second_look", False)) for f in facts),
        publish=publish,
    )


def build_report(  # noqa: C901 (assembles the report in stages; to be split per stage (links, facts, headline, counts))
    articles: Iterable[ArticleFacts],
    catalog: IndicatorCatalog,
    gazetteer: PlaceLookup | None = None,
    comparison_indicators: Sequence[str] | None = None,
    region_slugs: Mapping[str, str] | None = None,
    publish: str = "all",
) -> Report:
    """Group the kept facts of all articles into regions, links and sources.

    `region_slugs`: province adcode -> page slug (default: data/regions.yaml); a province
    without one gets its adcode, never a slug made from a name.
    publish "reviewed": only facts a person has reviewed (or added) are shown.
    """
    if region_slugs is None:
        region_slugs = load_region_slugs()
    if publish not in PUBLISH_MODES:
        raise ValueError(f"publish must be one of {', '.join(PUBLISH_MODES)}, not {publish!r}")
    articles = sorted(articles, key=lambda a: a.article.id)
    review = count_reviews(articles, publish)

    def shown(fact: Figure | Pairing) -> bool:
        return kept(fact.status) and (publish == "all" or is_reviewed(fact))

    # Figures: every kept statement takes part in cross-article identity; with publish "reviewed"
    # the facts no person reviewed are dropped after it (_identify), so a review in one article
    # publishes the fact with all its sources, and what is left out is counted in facts.

    seen: dict[str, PlaceRef] = {}
    for facts in articles:
        for p in facts.pairings:
            for ref in (p.donor, p.recipient):
                if ref.adcode and ref.adcode not in seen:
                    seen[ref.adcode] = ref
    places = _Places(gazetteer, seen)

    links: dict[tuple[str, str], Link] = {}
    sources: list[Source] = []
    held = {facts.article.id for facts in articles}
    for facts in articles:
        aid = facts.article.id
        pairings = [p for p in facts.pairings if shown(p)]
        for p in pairings:
            if not (p.donor.adcode and p.recipient.adcode):
                continue  # unresolved place: shown on the source page only
            key = (p.donor.adcode, p.recipient.adcode)
            link = links.get(key)
            if link is None:
                link = links[key] = Link(
                    id=link_id(key), donor=places.info(key[0]), recipient=places.info(key[1])
                )
            link.mentions.append(Mention(p, aid))
        scoped = [ScopedFigure(f, aid, links[key] if key else None, scope_assumed=assumed)
                  for f, key, assumed in figure_scopes(facts.figures, pairings)]
        copy_of = facts.copy_of if isinstance(facts.copy_of, str) and facts.copy_of in held and facts.copy_of != aid else None
        sources.append(Source(facts, pairings, scoped, [], copy_of=copy_of))
    figure_count, unreviewed = _identify(sources, links, reviewed_only=publish == "reviewed")
    review = replace(review, unreviewed_facts=unreviewed)

    # Regions: every province-level division on either side of a link.
    by_province: dict[str, dict[str, list[Link]]] = defaultdict(lambda: {"received": [], "given": []})
    for link in links.values():
        by_province[link.recipient.province]["received"].append(link)
        by_province[link.donor.province]["given"].append(link)

    regions: list[Region] = []
    used_slugs: set[str] = set()
    for adcode in sorted(by_province):
        place = places.info(adcode)
        sides = by_province[adcode]
        role: Role = "both" if sides["received"] and sides["given"] else ("recipient" if sides["received"] else "donor")
        slug = region_slugs.get(adcode) or adcode
        if slug in used_slugs:
            slug = f"{slug}-{adcode}"
        used_slugs.add(slug)
        region = Region(
            place=place,
            slug=slug,
            role=role,
            received=_group(sides["received"], lambda l: l.recipient, places, adcode, "received"),
            given=_group(sides["given"], lambda l: l.donor, places, adcode, "given"),
            partners_from=_unique(places.info(l.donor.province) for l in sides["received"]),
            partners_to=_unique(places.info(l.recipient.province) for l in sides["given"]),
        )
        regions.append(region)
    # Recipients first (the report is about them), then donors; by adcode within each.
    regions.sort(key=lambda r: (r.role == "donor", r.place.adcode))

    slug_of = {r.place.adcode: r.slug for r in regions}
    for source in sources:
        provinces = set()
        for p in source.pairings:
            for ref in (p.donor, p.recipient):
                if ref.adcode:
                    provinces.add(places.province_code(ref.adcode))
        source.regions = sorted(slug_of[p] for p in provinces if p in slug_of)
    by_id = {s.id: s for s in sources}
    for source in sources:  # a repost is cited on the pages its original is
        if source.copy_of:
            source.regions = sorted(set(source.regions) | set(by_id[source.copy_of].regions))

    comparison_ids = list(comparison_indicators or [i.id for i in catalog if i.headline][:3])
    headline = {
        ind.id: _headline_entries(ind.id, regions, catalog) for ind in catalog if ind.headline
    }
    comparison = [
        ComparisonRow(r, {i: _choose(_region_figures(r, i), catalog, i) for i in comparison_ids})
        for r in regions
        if r.role in ("recipient", "both")
    ]
    ordered_links = sorted(links.values(), key=lambda l: (l.recipient.province, l.recipient.adcode, l.donor.adcode))
    return Report(regions, ordered_links, sources, headline, comparison, comparison_ids, catalog, figure_count, review)


def _identify(sources: list[Source], links: dict[tuple[str, str], Link], reviewed_only: bool = False) -> tuple[int, int]:
    """Cross-article identity (generator/sources.py): each fact once on its link, with all its sources.

    Returns (the number of distinct facts published, the number no person has reviewed). Reposts
    (Source.copy_of) add themselves as sources of every fact of their original. `reviewed_only`:
    a fact none of whose statements a person reviewed is left out (its statements leave their
    sources' pages too), and so is a disagreement with such a fact.
    """

    by_id = {s.id: s for s in sources}
    for source in sources:
        if source.copy_of:
            original = by_id[source.copy_of]
            while original.copy_of and original.copy_of in by_id and original.copy_of != source.id:
                original = by_id[original.copy_of]  # a repost of a repost cites the first original
            source.copy_of = original.id
            original.reposts.append(source.id)
    scoped = [sf for s in sources for sf in s.figures]
    statements = [
        Statement(sf.source_id, sf.figure, sf.link.id if sf.link else None, not sf.scope_assumed, sf.own_reviewed)
        for sf in scoped
    ]
    groups = identify_statements(statements)
    facts = []
    for group in groups:
        fact = Fact([scoped[i] for i in group.members])
        for sf in fact.statements:
            sf.fact = fact
            fact.citations.append(Citation(sf.source_id, sf.id, sf))
            for repost in by_id[sf.source_id].reposts:
                fact.citations.append(Citation(repost, sf.id, sf, repost_of=sf.source_id))
        facts.append(fact)
    for group, fact in zip(groups, facts, strict=False):
        fact.conflicts = [facts[n].statements[0] for n in group.conflicts]
    unreviewed = sum(not fact.reviewed for fact in facts)
    if reviewed_only:
        facts = [fact for fact in facts if fact.reviewed]
        published = {id(sf) for fact in facts for sf in fact.statements}
        for source in sources:
            source.figures = [sf for sf in source.figures if id(sf) in published]
        for fact in facts:
            fact.conflicts = [c for c in fact.conflicts if id(c) in published]
    # Each fact once on its link, in the order first stated; disagreeing facts next to each other.
    placed: set[int] = set()
    order = {id(sf): n for n, sf in enumerate(scoped)}
    for fact in sorted(facts, key=lambda f: order[id(f.statements[0])]):
        rep = fact.statements[0]
        if rep.link is None or id(fact) in placed:
            continue
        for member in [fact] + [c.fact for c in fact.conflicts if c.fact is not None]:
            if id(member) not in placed and member.statements[0].link is rep.link:
                placed.add(id(member))
                rep.link.figures.append(member.statements[0])
    for link in links.values():
        for sid in {m.source_id for m in link.mentions} | {c.source_id for f in link.figures for c in f.citations}:
            if by_id[sid].reposts:
                link.reposts[sid] = by_id[sid].reposts
    return len(facts), unreviewed


def _unique(items: Iterable[PlaceInfo]) -> list[PlaceInfo]:
    out: dict[str, PlaceInfo] = {}
    for item in items:
        out.setdefault(item.adcode, item)
    return [out[k] for k in sorted(out)]


def _group(links: list[Link], side, places: _Places, region_adcode: str, direction: str) -> list[PlaceGroup]:
    groups: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        groups[places.group_of(side(link).adcode)].append(link)
    out = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda l: (side(l).adcode, l.donor.adcode, l.recipient.adcode))
        out.append(PlaceGroup(places.info(key), members, region_wide=key == region_adcode, side=direction))
    return out


# --------------------------------------------------------------------- selecting figures


def _region_figures(region: Region, indicator: str) -> list[ScopedFigure]:
    """Figures of one indicator about aid a region received."""
    return [f for g in region.received for link in g.links for f in link.figures if f.figure.indicator == indicator]


def _choose(figures: list[ScopedFigure], catalog: IndicatorCatalog, indicator: str) -> ScopedFigure | None:
    """One figure to stand for many, never their sum.

    Figures a person has reviewed come first; then those whose scope the article states; then the broadest scope wins (a province-wide figure covers its cities); then the unit the
    catalog lists first (people before person-times: different units never compete);
    then, within that one scope level and unit, the largest value (cumulative figures
    grow over time); ties go to the reviewed figure, then the earliest id.
    """
    if not figures:
        return None
    figures = [f for f in figures if not f.is_part_of(figures)]  # a part never stands for its total
    # Where sources disagree and a person reviewed one of the values, the reviewed value stands.
    figures = [f for f in figures if f.reviewed or not any(c.reviewed for c in f.conflicts)]
    # A reviewed figure beats one no person has checked yet.
    figures = [f for f in figures if f.reviewed] or figures
    # A scope the article states beats one assumed from its first pairing.
    stated = [f for f in figures if not f.scope_assumed]
    figures = stated or figures
    units = catalog[indicator].units if indicator in catalog else ()
    unit_rank = {u: i for i, u in enumerate(units)}
    best_scope = min(f.link.scope_rank if f.link else 3 for f in figures)
    pool = [f for f in figures if (f.link.scope_rank if f.link else 3) == best_scope]
    best_unit = min(pool, key=lambda f: unit_rank.get(f.figure.unit, 99)).figure.unit
    pool = [f for f in pool if f.figure.unit == best_unit]
    return max(pool, key=lambda f: (f.figure.value, f.reviewed, _neg(f.id)))


def _neg(text: str) -> tuple:
    return tuple(-ord(c) for c in text)


def _headline_entries(indicator: str, regions: list[Region], catalog: IndicatorCatalog) -> list[HeadlineEntry]:
    entries = []
    for region in regions:
        if region.role not in ("recipient", "both"):
            continue
        figures = _region_figures(region, indicator)
        chosen = _choose(figures, catalog, indicator)
        if chosen is not None:
            entries.append(HeadlineEntry(indicator, region, chosen, len(figures) - 1))
    return entries
