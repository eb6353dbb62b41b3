"""Where things are: the project's folders, found from the project root.

Site settings (languages, base URL, tile server) live in mkdocs.yml and data/,
not here; this module only knows the fixed top-level layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        # Fall back to the checkout this package lives in (e.g. an editable install).
        return cls(Path(__file__).resolve().parent.parent)

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
