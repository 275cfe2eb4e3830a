"""Edits spliced into an office file's own text, so that what an edit does not touch stays byte for byte.

A round trip through a YAML library re-emits the whole file: a `%YAML 1.1` register's `0777`, `NO` and
`ON` come back as `0o777`, `false` and `true`, timestamps are rewritten, and line ends, a byte-order
mark, long lines and indentation change on lines nobody edited. Offices keep these files by hand, so
sco never re-emits them. Instead it reads where every node starts and ends (the same parser events the
loader uses: ruamel.yaml's C parser) and inserts new text at those places:

- `append(path, values)`: new items at the end of a list (block or flow style);
- `put(path, key, value)`: a key a mapping does not have yet, or a value for a key written empty
  (`serials:` or `serials: ~`); `put` and `append` never replace an existing value;
- `replace(path, value)`: the one way to change a value the file has, for the callers that decided
  it may be changed (an import with `--force`, or a value the last import itself wrote and the
  export changed since): the value's own text is replaced, nothing around it.
- `replace_value(path, value)`: `replace` for `sco check --fix`: one value written on one line
  (`aproved` -> `approved`); the key, a comment after the value and the value's quotes stay.

New values are written in the file's own line ends and indentation; text is quoted whenever YAML 1.1
or 1.2 could read it as anything but text, so an identifier such as `000123` stays text. Anything the
editor cannot place safely (a list where the path holds a single value, anchors) raises `EditRefused`
and nothing is changed.

    edit = TextEdit(text)
    edit.append(("articles", 2, "serials"), ["S-1", "S-2"])
    edit.put(("articles", 3), "serials", ["S-3"])
    new_text = edit.result()
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sco_cli.core.loader import yaml_events


class EditRefused(Exception):
    """The file's shape does not allow the edit (the message names the path, never a value)."""


@dataclass(slots=True)
class Node:
    """One YAML node and where its text lies (character offsets into the text without its BOM)."""

    kind: str  # "map", "seq" or "scalar"
    start: int
    end: int
    flow: bool = False
    value: str = ""  # a scalar's text
    plain: bool = True  # a scalar without quotes or block style
    items: list[Node] = field(default_factory=list)  # a list's items
    pairs: list[tuple[Node, Node]] = field(default_factory=list)  # a mapping's keys and values
    close: int = -1  # a flow collection: the offset of its `]` or `}`

    def get(self, key: str) -> Node | None:
        for name, value in self.pairs:
            if name.kind == "scalar" and name.value == key:
                return value
        return None

    @property
    def last_end(self) -> int:
        """Where the node's text ends: a block collection ends with its last item."""
        if self.kind == "scalar" or self.flow:
            return self.end
        if self.kind == "seq":
            return self.items[-1].last_end if self.items else self.end
        return self.pairs[-1][1].last_end if self.pairs else self.end


_NULL_TEXT = {"", "~", "null", "Null", "NULL"}


def _tree(text: str) -> Node:
    """The node tree of a document sco's loader accepted (anchors, aliases and tags are refused)."""
    stack: list[Node] = []
    keys: list[Node | None] = []
    root: Node | None = None
    for event in yaml_events(text):
        name = next(k.__name__ for k in type(event).__mro__ if not k.__name__.startswith("_"))
        if name in ("MappingStartEvent", "SequenceStartEvent", "ScalarEvent", "AliasEvent"):
            if name == "AliasEvent" or getattr(event, "anchor", None):
                raise EditRefused("the file uses anchors or aliases")
            start = event.start_mark.index
            if name == "ScalarEvent":
                node = Node("scalar", start, event.end_mark.index, value=event.value, plain=not event.style)
            else:
                kind = "map" if name == "MappingStartEvent" else "seq"
                node = Node(kind, start, event.end_mark.index, flow=bool(event.flow_style))
            _attach(node, stack, keys)
            if node.kind != "scalar":
                stack.append(node)
                keys.append(None)
            elif not stack:
                root = node
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            done = stack.pop()
            keys.pop()
            if done.flow:
                done.close = event.start_mark.index
                done.end = event.end_mark.index
            if not stack:
                root = done
    if root is None or root.kind != "map":
        raise EditRefused("the file's top level is not a mapping")
    return root


def _attach(node: Node, stack: list[Node], keys: list[Node | None]) -> None:
    if not stack:
        return
    parent = stack[-1]
    if parent.kind == "seq":
        parent.items.append(node)
    elif keys[-1] is None:
        keys[-1] = node
    else:
        key = keys[-1]
        assert key is not None
        parent.pairs.append((key, node))
        keys[-1] = None


# ---------------------------------------------------------------------------------------------
# Writing new values


_SAFE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./()+'&-]*(?: [A-Za-z0-9_./()+'&-]+)*\Z")  # no comma: it ends a flow item
_PLAIN_AMOUNT = re.compile(r"\$[0-9]+(?:\.[0-9]+)?[KMB]\Z|[0-9]+(?:\.[0-9]+)?%\Z")
"""`$24.9M` and `90%`: text under YAML 1.1 and 1.2 alike (no number form starts with `$` or ends with `%`),
so they need no quotes."""
_WORDS_1_1 = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar_text(value: Any) -> str:
    """A scalar as YAML that every reader takes for what it is: text stays text under YAML 1.1 and 1.2."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "null"
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return repr(value)
    text = str(value)
    if _PLAIN_AMOUNT.match(text):
        return text
    if _SAFE_PLAIN.match(text) and text.lower() not in _WORDS_1_1 and ":" not in text and "#" not in text:
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """Double-quoted, with every character that is not printable written as an escape (YAML 1.1 folds
    U+2028 and NEL inside quotes; an escape keeps them exactly)."""
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    out = []
    for char in body:
        if unicodedata.category(char)[0] in ("C", "Z") and char != " ":
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def flow_text(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return scalar_text(value)


@dataclass(frozen=True, slots=True)
class Style:
    """How the file indents: a nested mapping's step, and a list's dash under its key."""

    mapping: int = 2
    sequence: int = 2  # dash column minus key column (0 for `key:\n- item`)
    gap: int = 2  # from the dash to the item


def _block_lines(value: Any, indent: int, style: Style) -> list[str]:
    """`value` (a mapping or list) as block lines starting at column `indent`."""
    lines: list[str] = []
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{pad}{scalar_text(key)}:"
            if isinstance(item, dict) and item:
                lines.append(head)
                lines += _block_lines(item, indent + style.mapping, style)
            elif isinstance(item, (list, tuple)) and item:
                lines.append(head)
                lines += _block_lines(item, indent + style.sequence, style)
            else:
                lines.append(f"{head} {flow_text(item)}")
        return lines
    for item in value:
        if isinstance(item, (dict, list, tuple)) and item:
            inner = _block_lines(item, indent + style.gap, style)
            lines.append(f"{pad}-{' ' * (style.gap - 1)}{inner[0].lstrip(' ')}")
            lines += inner[1:]
        else:
            lines.append(f"{pad}-{' ' * (style.gap - 1)}{flow_text(item)}")
    return lines


def document_text(values: dict[str, Any]) -> str:
    """A new file holding `values` (a mapping), written as `TextEdit.put` would write each key into an
    empty file: block style, two-space steps, text quoted wherever YAML could read it otherwise."""
    return "".join(line + "\n" for line in _block_lines(values, 0, Style()))


# ---------------------------------------------------------------------------------------------
# The editor


class TextEdit:
    """Insertions into one document's text; `result()` gives the new text (BOM and line ends kept)."""

    def __init__(self, text: str):
        self.bom = text.startswith("\ufeff")
        self.text = text[1:] if self.bom else text
        first_end = self.text.find("\n")
        self.newline = "\r\n" if first_end > 0 and self.text[first_end - 1] == "\r" else "\n"
        self.root = _tree(self.text)
        self.style = self._style()
        self._appends: dict[int, tuple[Node, list[Any]]] = {}
        self._puts: dict[int, tuple[Node, dict[str | int, Any]]] = {}
        self._replaces: dict[int, tuple[Node, Any]] = {}
        self._quotes_kept: set[int] = set()  # replaced by `replace_value`: quoted text stays in its quotes

    # -- looking up ------------------------------------------------------------------------------

    def node(self, path: tuple[str | int, ...]) -> Node | None:
        current: Node | None = self.root
        for part in path:
            if current is None:
                return None
            if isinstance(part, int) and current.kind == "map":  # a year keying a mapping: `2027:`
                current = current.get(str(part))
            elif isinstance(part, int):
                current = current.items[part] if current.kind == "seq" and 0 <= part < len(current.items) else None
            else:
                current = current.get(part) if current.kind == "map" else None
        return current

    def _column(self, offset: int) -> int:
        return offset - (self.text.rfind("\n", 0, offset) + 1)

    def _style(self) -> Style:
        """The file's own steps, from its first nested mapping and first block list under a key."""
        mapping = sequence = gap = None
        work = [self.root]
        while work and (mapping is None or sequence is None):
            node = work.pop(0)
            if node.kind == "map" and not node.flow:
                for key, value in node.pairs:
                    if value.kind == "map" and not value.flow and value.pairs and mapping is None:
                        mapping = self._column(value.pairs[0][0].start) - self._column(key.start)
                    if value.kind == "seq" and not value.flow and value.items and sequence is None:
                        dash = self._dash(value)
                        sequence = self._column(dash) - self._column(key.start)
                        gap = self._column(value.items[0].start) - self._column(dash)
                    work.append(value)
            elif node.kind == "seq":
                work.extend(node.items)
        return Style(
            mapping=mapping if mapping and mapping > 0 else 2,
            sequence=sequence if sequence is not None and sequence >= 0 else 2,
            gap=gap if gap and gap > 0 else 2,
        )

    def _dash(self, seq: Node) -> int:
        """The offset of the `-` before a block list's first item."""
        first = seq.items[0].start
        dash = self.text.rfind("-", 0, first)
        return dash if dash >= 0 else seq.start

    # -- asking for edits -------------------------------------------------------------------------

    def append(self, path: tuple[str | int, ...], values: list[Any]) -> None:
        """Add `values` at the end of the list at `path`."""
        target = self.node(path)
        if target is None or target.kind != "seq":
            raise EditRefused(f"`{_dotted(path)}` is not a list")
        if not values:
            return
        self._appends.setdefault(target.start, (target, []))[1].extend(values)

    def put(self, path: tuple[str | int, ...], key: str | int, value: Any) -> None:
        """Give the mapping at `path` the key `key`: added when absent, or written where the file has
        the key with no value. A key that has a value is refused."""
        target = self.node(path)
        if target is None or target.kind != "map":
            raise EditRefused(f"`{_dotted(path)}` is not a mapping")
        existing = target.get(str(key))  # a number key (a fiscal year) is written plain: `2027:`
        if existing is not None and not (existing.kind == "scalar" and existing.plain and existing.value in _NULL_TEXT):
            raise EditRefused(f"`{_dotted((*path, key))}` already has a value")
        puts = self._puts.setdefault(target.start, (target, {}))[1]
        if key in puts:
            raise EditRefused(f"`{_dotted((*path, key))}` is written twice")
        puts[key] = value

    def replace(self, path: tuple[str | int, ...], value: Any) -> None:
        """Write `value` in place of the value at `path` (a scalar, or a whole mapping or list). Only
        that value's text changes: its key, comments and the lines around it stay."""
        target = self.node(path)
        if target is None or not path:
            raise EditRefused(f"`{_dotted(path)}` is not in the file")
        if target.start in self._replaces or target.start in self._appends or target.start in self._puts:
            raise EditRefused(f"`{_dotted(path)}` is written twice")
        self._replaces[target.start] = (target, value)

    def replace_value(self, path: tuple[str | int, ...], value: Any) -> Node:
        """`replace` for `sco check --fix`: only a value written on one line, and text that was quoted stays
        in its quotes (`replacement`). Returns the node replaced (where its text lies, for a report of the
        change). A mapping, a list, a block or multi-line value is refused."""
        target = self.node(path)
        if target is None or target.kind != "scalar" or not path:
            raise EditRefused(f"`{_dotted(path)}` is not a single value")
        written = self.text[target.start : target.end]
        if "\n" in written or "\r" in written or written[:1] in ("|", ">"):
            raise EditRefused(f"`{_dotted(path)}` is written over several lines")
        self.replace(path, value)
        self._quotes_kept.add(target.start)
        return target

    def replacement(self, target: Node, value: Any) -> str:
        """The text written for `value` where `target` was: text that was quoted stays in the same quotes
        (double ones when it needs an escape, which single quotes cannot write)."""
        if target.plain or not isinstance(value, str):
            return scalar_text(value)
        double = _quoted(value)
        if self.text[target.start] == "'" and "\\" not in double:
            return "'" + value.replace("'", "''") + "'"
        return double

    # -- the new text -----------------------------------------------------------------------------

    def result(self) -> str:
        inserts: list[tuple[int, int, str]] = []  # (start, end of replaced text, new text)
        depth: list[int] = []  # where the edited node starts: an inner node starts after its container
        for target, value in self._replaces.values():
            inserts.append(self._replace_text(target, value))
            depth.append(target.start)
        for target, values in self._appends.values():
            inserts.append(self._append_text(target, values))
            depth.append(target.start)
        for target, new in self._puts.values():
            for key, value in new.items():
                inserts.append(self._put_text(target, key, value))
                depth.append(target.start)
        text = self.text
        # Applied from the end of the text back. Several insertions at one place read inner node first (a
        # key put into the last item of a list, then the items appended to that list: the other way the key
        # would land in the new last item), then in the order they were asked for.
        order = sorted(range(len(inserts)), key=lambda i: (inserts[i][0], inserts[i][1], -depth[i], i), reverse=True)
        for start, end, new_text in (inserts[i] for i in order):
            text = text[:start] + new_text + text[end:]
        return ("\ufeff" if self.bom else "") + text

    def _line_after(self, offset: int) -> tuple[int, str]:
        """Where a new line goes after the line holding `offset`, and a line end to write first when the
        file's last line has none."""
        if offset > 0 and self.text[offset - 1] == "\n":  # a block scalar ends after its line end
            return offset, ""
        found = self.text.find("\n", offset)
        if found < 0:
            return len(self.text), self.newline
        return found + 1, ""

    def _lines(self, lines: list[str]) -> str:
        return "".join(line + self.newline for line in lines)

    def _append_text(self, target: Node, values: list[Any]) -> tuple[int, int, str]:
        if target.flow:
            if any(isinstance(v, (dict, list)) for v in values) and not target.items:
                return self._block_instead_of_empty_flow(target, values)
            items = ", ".join(flow_text(v) for v in values)
            if not target.items:
                return target.close, target.close, items
            # Right after the last item, not before the `]`: a list written over several lines may end in a
            # comma (`{...},` then `]`) or a comment, and `, item` there would make `,,` or land in the comment.
            after = target.items[-1].end
            return after, after, ", " + items
        dash = self._dash(target)
        indent = self._column(dash)
        gap = self._column(target.items[0].start) - indent
        style = Style(self.style.mapping, self.style.sequence, gap if gap > 0 else self.style.gap)
        at, lead = self._line_after(target.last_end)
        return at, at, lead + self._lines(_block_lines(values, indent, style))

    def _block_instead_of_empty_flow(self, target: Node, values: list[Any]) -> tuple[int, int, str]:
        """`articles: []` given its first mappings: the empty brackets become a block list (nothing
        written there is lost: the list was empty)."""
        line_start = self.text.rfind("\n", 0, target.start) + 1
        key_column = len(self.text[line_start : target.start]) - len(self.text[line_start : target.start].lstrip(" -"))
        lines = _block_lines(values, key_column + self.style.sequence, self.style)
        start = target.start
        while start > 0 and self.text[start - 1] == " ":  # no blank left at the end of the key's line
            start -= 1
        return start, target.end, self.newline + self.newline.join(lines)

    def _put_text(self, target: Node, key: str | int, value: Any) -> tuple[int, int, str]:
        existing = target.get(str(key))
        if target.flow:
            if existing is not None:
                return existing.start, existing.end, flow_text(value)
            pair = f"{scalar_text(key)}: {flow_text(value)}"
            if not target.pairs:
                return target.close, target.close, pair
            after = max(target.pairs[-1][1].end, target.pairs[-1][0].end)  # after the last pair, as for a list
            return after, after, ", " + pair
        key_node = next(k for k, _ in target.pairs) if target.pairs else None
        indent = self._column(key_node.start) if key_node else 0
        if existing is not None:  # `key:` written empty, or `key: ~`
            own_key = next(k for k, v in target.pairs if v is existing)
            colon = self.text.find(":", own_key.end)
            start = colon + 1
            end = max(existing.end, start)
            if isinstance(value, (dict, list)) and value:
                step = self.style.mapping if isinstance(value, dict) else self.style.sequence
                lines = _block_lines(value, self._column(own_key.start) + step, self.style)
                return start, end, self.newline + self.newline.join(lines)
            return start, end, " " + flow_text(value)
        at, lead = self._line_after(target.last_end)
        return at, at, lead + self._lines(_block_lines({key: value}, indent, self.style))

    def _replace_text(self, target: Node, value: Any) -> tuple[int, int, str]:
        if target.start in self._quotes_kept:
            return target.start, target.end, self.replacement(target, value)
        if target.kind == "scalar" or target.flow or not isinstance(value, (dict, list)) or not value:
            end = target.last_end
            text = flow_text(value)
            if end > target.start and self.text[end - 1] == "\n":  # a block scalar ends after its line end
                text += self.newline
            return target.start, end, text
        lines = _block_lines(value, self._column(target.start), self.style)
        return target.start, target.last_end, self.newline.join(lines).lstrip(" ")


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
