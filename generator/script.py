"""Articles printed in traditional characters, read through a simplified view of the same length.

Aggregator and Hong Kong sites repost mainland reports in traditional characters
(來源：廣西日報). The gazetteer, the outlet table and every extraction rule are written in
simplified characters, so ingest and extraction read a simplified *view* of such a text:
converted by OpenCC (the standard open converter) and kept exactly as long as the
original, character for character, so that an offset into the view is the same offset
into the article. Quotes are then copied from the article as printed; names (places,
hospitals, outlets) come out in their standard simplified form.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

# A text is read as traditional when this share of its first characters change in
# conversion (a simplified article changes none, or a few in a quoted name: 縣, 瑪麗).
TRADITIONAL_SHARE = 0.03
_SAMPLE_CHARS = 400


@dataclass
class Simplifier:
    """Traditional -> simplified conversion that never changes a text's length."""

    _convert: Callable[[str], str]  # OpenCC('t2s').convert
    _chars: dict[str, str] = field(default_factory=dict)  # each character seen -> its conversion
    _known: set[str] = field(default_factory=set)  # the keys of _chars, as a set for fast differences
    _changing: set[str] = field(default_factory=set)  # the characters seen that conversion changes

    def is_traditional(self, text: str) -> bool:
        """Decided on the first characters, by set operations: most characters were seen before."""
        sample = text[:_SAMPLE_CHARS]
        seen = set(sample)
        self._learn(seen - self._known)
        changed = sum(sample.count(ch) for ch in seen & self._changing)
        return changed >= max(5, TRADITIONAL_SHARE * len(sample))

    def view(self, text: str) -> str | None:
        """The simplified view of a traditional text, or None when the text is simplified."""
        return self.convert(text) if self.is_traditional(text) else None

    def convert(self, text: str) -> str:
        """Simplified characters, same length (a short headline of a traditional article is
        converted whatever its own share of traditional characters)."""
        converted = self._convert(text)
        # Phrase rules may change a length (rarely); then convert character by character.
        return converted if len(converted) == len(text) else self._by_character(text)

    def _learn(self, chars: set[str]) -> None:
        for ch in chars:
            c = self._convert(ch)
            self._chars[ch] = c if len(c) == 1 else ch
            self._known.add(ch)
            if self._chars[ch] != ch:
                self._changing.add(ch)

    def _by_character(self, text: str) -> str:
        self._learn(set(text) - self._known)
        return "".join(self._chars[ch] for ch in text)


@functools.lru_cache(maxsize=1)
def simplifier() -> Simplifier | None:
    """The shared converter (OpenCC loads its dictionaries once), or None without OpenCC."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return None
    return Simplifier(opencc.OpenCC("t2s").convert)


def simplified_view(text: str) -> str | None:
    """Same-length simplified text when `text` is in traditional characters, else None."""
    s = simplifier()
    return s.view(text) if s is not None else None


def to_simplified(text: str) -> str:
    """`text` in simplified characters, same length (unchanged without OpenCC)."""
    s = simplifier()
    return s.convert(text) if s is not None else text
