"""Where things are: the project's folders, found from the project root.

Site settings (languages, base URL, tile server) live in mkdocs.yml and data/,
not here; this module only knows the fixed top-level layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ProjectError(Exception):
    """A problem in the project's own files that a person must fix (the CLI prints the message, not a
    traceback): no project, a missing or unusable data file, a site build MkDocs refused."""


class ProjectNotFound(ProjectError, FileNotFoundError):
    """No project folder (mkdocs.yml + data/) at or above the starting folder."""


@dataclass(frozen=True)
class ProjectPaths:
    """The fixed top-level layout of a project checkout."""

    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> "ProjectPaths":
        """The nearest folder upwards from `start` (default: cwd) holding mkdocs.yml and data/."""
        here = Path(start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "mkdocs.yml").is_file() and (candidate / "data").is_dir():
                return cls(candidate)
        # Never the package's own folder: an installed package has no project beside it, and a
        # checkout's rules must not silently stand in for the project being built.
        raise ProjectNotFound(
            f"no project found in {here} or above it (a project folder holds mkdocs.yml and data/); "
            "run from inside one or pass --root"
        )

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def build(self) -> Path:
        """Scratch space for generated configs and temporary builds (gitignored)."""
        return self.root / "build"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def extraction_rules(self) -> Path:
        return self.data / "extraction.yaml"

    @property
    def outlets(self) -> Path:
        return self.data / "outlets.yaml"

    @property
    def assets(self) -> Path:
        """Vendored Leaflet, province outlines, CSS: docs/assets/ of the project."""
        return self.docs / "assets"

    def require(self, path: Path, what: str) -> Path:
        """path, or a clear error naming it (a missing rules file is never an empty table)."""
        if not path.is_file():
            raise ProjectFileMissing(f"{path}: {what} not found in the project {self.root}")
        return path


class ProjectFileMissing(ProjectError, FileNotFoundError):
    """A file the project must hold (rules, outlets, gazetteer) is missing; names it."""


# ------------------------------------------------------------------ site settings
# (added by the report/site stage: languages and base URL, read from mkdocs.yml)

import os  # noqa: E402
from dataclasses import field  # noqa: E402

import yaml  # noqa: E402


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing tags (!ENV, !!python/name: ...): they become None."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict:
    """mkdocs.yml as plain data (tags such as !ENV are not evaluated)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LenientLoader) or {}


@dataclass(frozen=True)
class Language:
    """One language of the site: its MkDocs build and its Babel locale."""

    code: str  # "zh", "en": docs/<code>/, catalog generator/locale/<code>/
    name: str  # shown in the language selector
    locale: str  # Babel locale, e.g. zh_Hans_CN
    html_lang: str  # BCP 47 tag for <html lang>, e.g. zh-Hans
    prefix: str  # where the build is served below the base URL: "" or "en/"
    site_name: str
    site_description: str = ""
    copyright: str = ""  # footer line
    search: dict = field(default_factory=dict)  # options for Material's search plugin
    money_style: str = "short"  # Babel compact-decimal style used for money
    money_min_magnitude: int = 10000  # from this amount up, money is written compactly
    source: bool = False  # the language the data is in (the first one): shows data as is, no translation needed
    # Material's own interface strings (search box, "skip to content"): a language Material has no
    # strings for (Tibetan, Uyghur, Mongolian) names one it has; default: the code itself.
    theme_language: str = ""
    # Languages whose text stands in where this one has none yet (a new language: its catalog and
    # data are partial), e.g. ("en",); data in the source language is the last resort anyway.
    fallback: tuple[str, ...] = ()

    @property
    def text_languages(self) -> tuple[str, ...]:
        """This language, then its fallbacks: where curated text and catalog labels are looked up."""
        return (self.code, *self.fallback)


@dataclass(frozen=True)
class SiteSettings:
    """What the builds share: base URL and languages (the first is served at the base URL)."""

    base_url: str
    languages: tuple[Language, ...]
    noindex: bool = False  # PR previews: ask search engines not to index ($SITE_NOINDEX=1)
    publish: str = "all"  # extra.report.publish: "all" facts, or only those a person "reviewed"

    def site_url(self, language: Language) -> str:
        return self.base_url + language.prefix

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(f"no language '{code}' in mkdocs.yml extra.report.languages")


def load_site_settings(paths: ProjectPaths, site_url: str | None = None, environ=os.environ) -> SiteSettings:
    """Languages from mkdocs.yml `extra.report.languages`; base URL from the argument, then $SITE_URL, then `site_url`."""
    raw = read_mkdocs_yml(paths.mkdocs_yml)
    base = site_url or environ.get("SITE_URL") or raw.get("site_url") or "/"
    if not base.endswith("/"):
        base += "/"
    specs = ((raw.get("extra") or {}).get("report") or {}).get("languages") or []
    if not specs:
        raise ValueError(f"{paths.mkdocs_yml}: extra.report.languages is missing (one entry per language)")
    languages = []
    for n, spec in enumerate(specs):
        money = spec.get("money") or {}
        prefix = spec.get("prefix") or ""
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        languages.append(
            Language(
                code=spec["code"],
                name=spec.get("name", spec["code"]),
                locale=spec.get("locale", spec["code"]),
                html_lang=spec.get("html_lang", spec["code"]),
                prefix=prefix,
                site_name=spec.get("site_name") or raw.get("site_name", ""),
                site_description=spec.get("site_description") or "",
                copyright=spec.get("copyright") or raw.get("copyright") or "",
                search=dict(spec.get("search") or {}),
                money_style=money.get("style", "short"),
                money_min_magnitude=int(money.get("min_magnitude", 10000)),
                source=n == 0,
                theme_language=spec.get("theme_language") or spec["code"],
                fallback=tuple(spec.get("fallback") or ()),
            )
        )
    noindex = str(environ.get("SITE_NOINDEX", "")).strip().lower() in ("1", "true", "yes")
    publish = str(((raw.get("extra") or {}).get("report") or {}).get("publish") or "all")
    if publish not in ("all", "reviewed"):
        raise ValueError(f"{paths.mkdocs_yml}: extra.report.publish is {publish!r}; use all (every fact not "
                         f"rejected) or reviewed (only facts a person has reviewed)")
    return SiteSettings(base_url=base, languages=tuple(languages), noindex=noindex, publish=publish)
