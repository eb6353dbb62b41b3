"""A Python-Markdown extension: the paragraph `Caption {: .table-caption }` right before a table
becomes that table's <caption> (Markdown tables have no caption syntax).

An extension, not an engine hook, so that any engine that runs Python-Markdown (MkDocs, ProperDocs,
Zensical) builds the same tables; listed under `markdown_extensions` in mkdocs.yml as
`generator.md_captions`, after `tables` and `attr_list`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from itertools import pairwise

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

CAPTION_CLASS = "table-caption"


class TableCaptions(Treeprocessor):
    """Moves each caption paragraph into the table that follows it."""

    def run(self, root: etree.Element) -> None:
        found = [(parent, paragraph, table) for parent in root.iter()
                 for paragraph, table in pairwise(list(parent))
                 if paragraph.tag == "p" and table.tag == "table"
                 and CAPTION_CLASS in (paragraph.get("class") or "").split()]
        for parent, paragraph, table in found:  # changed after the walk, never during it
            caption = etree.Element("caption")
            caption.text, caption.tail = paragraph.text, "\n"
            caption.extend(list(paragraph))
            table.insert(0, caption)
            table.text = "\n"
            parent.remove(paragraph)


class TableCaptionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After attr_list (priority 8), which gives the paragraph its class.
        md.treeprocessors.register(TableCaptions(md), "table_captions", 7)


def makeExtension(**kwargs) -> TableCaptionExtension:  # noqa: N802 (Python-Markdown's entry point)
    return TableCaptionExtension(**kwargs)
