"""A Python-Markdown extension for the report's tables: the paragraph `Caption {: .table-caption }` right
before a table becomes that table's <caption> (Markdown tables have no caption syntax), and each cell of a
table of CARD_COLUMNS columns or more carries its column's header as `data-label`, so that on a phone the
stylesheet (docs/assets/extra.css) shows each row as a card of labelled lines instead of a wide table whose
narrow columns make every row tall.

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
CARD_COLUMNS = 4  # narrower tables fit a phone as they are


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


class CellLabels(Treeprocessor):
    """Marks each wide table (`data-cards`) and gives each body cell its column's header text (`data-label`)."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            heads = [" ".join("".join(th.itertext()).split()) for th in table.iter("th")]
            if len(heads) < CARD_COLUMNS:
                continue
            table.set("data-cards", "")
            for body in table.iter("tbody"):
                for row in body.iter("tr"):
                    for head, cell in zip(heads, row.findall("td"), strict=False):
                        cell.set("data-label", head)
                        _wrap_content(cell)


def _wrap_content(cell: etree.Element) -> None:
    """Puts the cell's content in one <span>: a card's line then lays out as two boxes, its label and its
    content, however many links and text runs the content holds."""
    span = etree.Element("span")
    span.text, cell.text = cell.text, None
    span.extend(list(cell))
    for child in list(cell):
        cell.remove(child)
    cell.append(span)


class TableCaptionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After attr_list (priority 8), which gives the paragraph its class.
        md.treeprocessors.register(TableCaptions(md), "table_captions", 7)
        md.treeprocessors.register(CellLabels(md), "table_cell_labels", 6)


def makeExtension(**kwargs) -> TableCaptionExtension:  # noqa: N802 (Python-Markdown's entry point)
    return TableCaptionExtension(**kwargs)
