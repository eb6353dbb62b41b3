"""Folium, imported without pandas.

Folium imports pandas when it is installed (only to accept DataFrames, which the maps never pass);
here pandas comes with the test tools (cpca), and importing it costs 0.2 s of every cold build —
about a seventh of a plain MkDocs build of the seeds. Folium checks `pd is not None` before every use.
"""

from __future__ import annotations

import sys


def _import_folium():
    hidden = "pandas" not in sys.modules
    if hidden:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError
    try:
        import folium
        import folium.utilities  # noqa: F401  (the module that asks for pandas)
    finally:
        if hidden and sys.modules.get("pandas", 0) is None:
            del sys.modules["pandas"]  # others may still import it
    return folium


folium = _import_folium()
