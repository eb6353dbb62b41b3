"""Tables pasted as text: the cells that hold a figure, and what their header says it measures.

Government notices and hospitals' posts give project money and teams' results as tables
("序号\t项目名称\t资金（万元）\t实施单位", then one row per project). A number alone in a cell says
nothing; its column's header says what and in which unit ("资金（万元）", or a caption above the table,
"（单位：万元）"). This stage finds such cells so that the figure reader can read each one as the
sentence the table abbreviates ("<row label>资金380万元"), quoted from the row as printed.

Rows are split by tabs, by runs of two or more spaces (columns aligned by eye: a cell belongs to the
column whose header starts nearest to it on screen, CJK characters being two columns wide), or by
single spaces when the header itself is split that way. Rows that report a plan (延至2026年实施) and a
total column beside its own breakdown (总投资 beside 其中援青资金) are left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DASHES = ("—", "–", "-", "－", "/", "／", "")  # an empty cell, as a table prints it
_TAB = re.compile("\t")
_BLANK_RUN = re.compile(r"[ \u3000]{2,}")
_SPACE_RUN = re.compile(r"[ \u3000]+")


@dataclass(frozen=True)
class TableRules:
    """data/extraction.yaml `tables`: how headers name units, and which rows and columns hold no fact."""

    header_unit: re.Pattern  # "资金（万元）": groups name, unit
    caption_unit: re.Pattern  # "（单位：万元）" above the table: group unit
    index_header: re.Pattern  # 序号: a column of row numbers
    plan_row: re.Pattern  # a row whose project is postponed or planned
    total_header: re.Pattern  # 总投资: a total beside a 其中 column that breaks it down
    part_header: re.Pattern  # 其中援青资金

    @classmethod
    def load(cls, raw: dict | None) -> "TableRules | None":
        if not raw:
            return None
        return cls(**{k: re.compile(raw[k]) for k in
                      ("header_unit", "caption_unit", "index_header", "plan_row", "total_header", "part_header")})


@dataclass(frozen=True)
class TableCell:
    """A number in a table, with what its row and column say about it.

    `sentence`: the statement the cell abbreviates ("越西县人民医院胸痛中心能力提升项目资金380万元。");
    `quote_start`..`end`: the row as printed from its label to the cell ("越西县人民医院…项目\t380");
    `caption`: the line above the table, which may date it ("2024年度部分县医疗卫生帮扶主要数据")."""

    sentence: str
    value: str
    quote_start: int
    end: int
    caption: str


@dataclass(frozen=True)
class Cell:
    text: str
    start: int  # in the article text
    column: int  # display column where the cell starts


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _split(line: str, start: int, splitter: re.Pattern) -> list[Cell]:
    """The cells of a line; split by tabs, empty cells are kept, so columns align by index."""
    if splitter is _TAB:
        out, pos = [], 0
        for part in line.split("\t"):
            out.append(Cell(part.strip(" \u3000"), start + pos + (len(part) - len(part.lstrip(" \u3000"))), 0))
            pos += len(part) + 1
        return out
    cells, pos = [], 0
    for piece in splitter.split(line):
        at = line.index(piece, pos) if piece else pos
        if piece.strip():
            cells.append(Cell(piece.strip(), start + at, _width(line[:at])))
        pos = at + len(piece)
    return cells


def _splitter(header: str) -> re.Pattern | None:
    """How a table's header line separates its cells: tabs, blank runs or single spaces; None: it is no header (blank,
    a number in it other than 序号's, or fewer than three cells)."""
    if not header.strip() or _NUMBER.search(header.replace("序号", "")):
        return None
    if "\t" in header:
        return _TAB
    for pattern in (_BLANK_RUN, _SPACE_RUN):
        if len([p for p in pattern.split(header.strip()) if p]) >= 3:
            return pattern
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of the text with where it starts."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


@dataclass(frozen=True)
class Table:
    """A table pasted as text: its header's cells and each row's, split the header's way."""

    header: list[Cell]
    rows: list[list[Cell]]

    @property
    def header_text(self) -> str:
        return " ".join(c.text for c in self.header)


def _table_at(lines: list[tuple[int, str]], i: int) -> tuple[re.Pattern, int] | None:
    """A table whose header is line i (three cells or more, no number): how its lines split, and the index of
    the line after its rows (they run to a blank line); None when line i heads no table."""
    split = _splitter(lines[i][1])
    if split is None:
        return None
    j = i + 1
    while j < len(lines) and lines[j][1].strip():
        j += 1
    return split, j


def tables(text: str) -> list[Table]:
    """Every table of the text split by tabs, blank runs or single spaces (`_table_at`), whatever its cells hold:
    the pairing stage reads its places (a notice's table of counties and their donor cities)."""
    lines = _lines(text)
    out: list[Table] = []
    i = 0
    while i < len(lines):
        found = _table_at(lines, i)
        if found is None or found[1] == i + 1:
            i += 1
            continue
        split, j = found
        start, header = lines[i]
        out.append(Table(_split(header, start, split), [_split(row, at, split) for at, row in lines[i + 1:j]]))
        i = j
    return out


_UNIT_LIST = re.compile(r"\s*[、，,/]\s*([^、，,/）)\s]{1,3})")


def _caption_units(line: str, rules: TableRules) -> list[str]:
    """The units a caption lists ("（单位：人次、台、项）": 人次, 台, 项), each one the caption pattern allows."""
    m = rules.caption_unit.search(line)
    if m is None:
        return []
    units, pos = [m.group("unit")], m.end()
    while (more := _UNIT_LIST.match(line, pos)) and rules.caption_unit.fullmatch("单位：" + more.group(1)):
        units.append(more.group(1))
        pos = more.end()
    return units


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.replace(",", "")))


def table_cells(text: str, rules: TableRules) -> list[TableCell]:
    """Every numeric cell under a column whose header (or the table's caption) gives a unit."""
    lines = _lines(text)
    out: list[TableCell] = []
    i = 0
    while i < len(lines):
        if (vertical := _one_cell_per_line(lines, i, rules)) is not None:
            found, i = vertical
            out.extend(found)
            continue
        table = _table_at(lines, i)
        if table is None:
            i += 1
            continue
        split, j = table
        start, header = lines[i]
        heads = _split(header, start, split)
        above = [s.strip() for _, s in lines[max(0, i - 3):i] if s.strip()]
        caption_unit = next((m.group("unit") for s in above[-2:] if (m := rules.caption_unit.search(s))), None)
        caption = next((s for s in reversed(above) if not rules.caption_unit.fullmatch(s)), "")
        units: list[tuple[str, str | None]] = []
        for h in heads:
            m = rules.header_unit.fullmatch(h.text)
            units.append((m.group("name"), m.group("unit")) if m else (h.text, None))
        # "（单位：人次、台、项）": one unit per column without its own, in order, after the label column.
        listed = next((named for s in above[-2:] if len(named := _caption_units(s, rules)) > 1), [])
        open_columns = [c for c, (name, u) in enumerate(units) if c > 0 and u is None
                        and not rules.index_header.fullmatch(name)]
        if len(open_columns) == len(listed):
            for c, named_unit in zip(open_columns, listed, strict=True):
                units[c] = (units[c][0], named_unit)
        # A column headed 单位 gives each row its own unit (指标\t单位\t完成数 / 江宁来镇帮扶专家\t人\t26).
        unit_column = next((c for c, h in enumerate(heads) if h.text == "单位"), None)
        if not any(u for _, u in units) and caption_unit is None and unit_column is None:
            i += 1
            continue
        parts = any(rules.part_header.match(name) for name, _ in units)
        found = []
        for row_start, row in lines[i + 1:j]:
            if rules.plan_row.search(row):
                continue
            cells = _split(row, row_start, split)
            aligned = split is _TAB or len(cells) == len(heads)
            if aligned:
                columns = list(range(len(cells)))
            elif len(cells) == len(heads) + 1 and not _is_number(cells[0].text):
                # The header one cell short: the rows' label column has no head (its indent is lost in the paste).
                columns = list(range(-1, len(heads)))
            else:
                columns = [_nearest(c, heads) for c in cells]
            row_unit = _row_unit(cells, columns, unit_column, rules)
            for k, (cell, col) in enumerate(zip(cells, columns, strict=True)):
                if not 0 <= col < len(heads) or not _is_number(cell.text):
                    continue
                name, unit = units[col]
                if row_unit is not None and unit is None:
                    name, unit = "", row_unit  # the value column's head (完成数) says nothing the row's label does not
                unit = unit or caption_unit
                if unit is None or rules.index_header.fullmatch(name) or (parts and rules.total_header.match(name)):
                    continue
                label = next((c for c in cells[:k] if c.text and not _is_number(c.text)), None)
                if label is None:
                    continue
                name = rules.part_header.sub("", name)
                found.append(TableCell(f"{label.text}{name}{cell.text}{unit}。", cell.text, label.start,
                                       cell.start + len(cell.text), caption))
        if found:
            out.extend(found)
            i = j
        else:
            i += 1
    return out


def _row_unit(cells: list[Cell], columns: list[int], unit_column: int | None, rules: TableRules) -> str | None:
    """The unit a row gives in the table's 单位 column, if it has one the caption pattern allows."""
    if unit_column is None or unit_column not in columns:
        return None
    text = cells[columns.index(unit_column)].text
    return text if rules.caption_unit.fullmatch("单位：" + text) else None


def _one_cell_per_line(lines: list[tuple[int, str]], i: int, rules: TableRules) -> tuple[list[TableCell], int] | None:
    """A table pasted one cell per line (a web page's table copied from a phone): the header's k cells on k
    lines, then each row's k cells, labels first and numbers after. None when the lines from i are no such
    table; else its cells and the index of the line after it."""
    if i > 0 and lines[i - 1][1].strip():
        return None  # a table starts after a blank line
    block = []
    j = i
    while j < len(lines) and lines[j][1].strip():
        block.append(lines[j])
        j += 1
    above = [t.strip() for _, t in lines[max(0, i - 3):i] if t.strip()]
    found = _vertical_cells(block, above[-1] if above else "", rules)
    if found is None and len(block) > 1:
        # Its caption on the line right above its header (2024年度…情况表), in the same block.
        found = _vertical_cells(block[1:], block[0][1].strip(), rules)
    return (found, j) if found is not None else None


def _vertical_cells(block: list[tuple[int, str]], caption: str, rules: TableRules) -> list[TableCell] | None:
    """The cells of `block` read as a one-cell-per-line table, or None when it is none."""
    texts = [t.strip() for _, t in block]
    for k in range(2, 9):
        if len(texts) < 2 * k or len(texts) % k or any(_NUMBER.search(t) for t in texts[:k]):
            continue
        units = [(m.group("name"), m.group("unit")) if (m := rules.header_unit.fullmatch(t)) else (t, None)
                 for t in texts[:k]]
        rows = [block[r:r + k] for r in range(k, len(block), k)]
        # Label columns first (受援医院, 支援医院: a dash where a 合计 row has none), then the numbers, under units.
        labels = next((c for c, (_, u) in enumerate(units) if u), k)
        if not any(u for _, u in units) or not all(
                not _is_number(row[0][1].strip())
                and all(not _is_number(c.strip()) for _, c in row[1:labels])
                and all(_is_number(c.strip()) or c.strip() in _DASHES for _, c in row[labels:]) for row in rows):
            continue
        found = []
        for row in rows:
            (label_at, label_line), cells = row[0], row[1:]
            label = label_line.strip()
            if rules.plan_row.search(label):
                continue
            for col, (at, line) in enumerate(cells, start=1):
                name, unit = units[col]
                value = line.strip()
                if unit is None or not _is_number(value):
                    continue
                start = label_at + label_line.index(label)
                end = at + line.index(value) + len(value)
                found.append(TableCell(f"{label}{rules.part_header.sub('', name)}{value}{unit}。", value, start, end,
                                       caption))
        return found
    return None


def _nearest(cell: Cell, heads: list[Cell]) -> int:
    """The column of a cell in a row with fewer cells than the header (an empty cell, in columns aligned by
    eye): the header column that starts nearest to it on screen."""
    return min(range(len(heads)), key=lambda k: abs(heads[k].column - cell.column))
