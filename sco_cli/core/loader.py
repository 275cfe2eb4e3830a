"""Hardened YAML loading with a line and column for every key.

Case files are written by hand in embassies, so the loader must turn every mistake into a
finding with a position, never a traceback. It walks ruamel.yaml's *event* stream itself
instead of using a constructor, because that is where each hazard is visible and cheap
to refuse:

- YAML 1.2 core scalars only: `NO`, `yes`, `on` stay text (the "Norway problem");
- dates stay text, so an impossible date (`2026-02-30`) becomes a model finding with a
  line number instead of a `ValueError` from the YAML layer;
- duplicate keys, anchors and aliases (alias bombs), explicit tags, several documents,
  a root that is not a mapping, tab indentation and oversized files are each one finding.

ruamel.yaml's C parser (the `libyaml` extra) is used when installed; its pure-Python
parser produces the same events and is the fallback.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from sco_cli.core.files import read_regular
from sco_cli.core.findings import Finding, Position, Severity, YamlPath, dotted

# The walker dispatches on the event's class: ruamel.yaml's (the pure parser builds these) or the flat
# subclasses below (the C parser builds those once they are installed).
_OTHER, _SCALAR, _ALIAS, _DOCUMENT_START, _MAPPING_START, _MAPPING_END, _SEQUENCE_START, _SEQUENCE_END = range(8)
_NODES = frozenset((_SCALAR, _MAPPING_START, _SEQUENCE_START, _ALIAS))
_ENDS = frozenset((_MAPPING_END, _SEQUENCE_END))
_KIND_OF: dict[type, int] = {
    ScalarEvent: _SCALAR,
    AliasEvent: _ALIAS,
    DocumentStartEvent: _DOCUMENT_START,
    MappingStartEvent: _MAPPING_START,
    MappingEndEvent: _MAPPING_END,
    SequenceStartEvent: _SEQUENCE_START,
    SequenceEndEvent: _SEQUENCE_END,
}

MAX_BYTES = 5 * 1024 * 1024
"""Largest input accepted (5 MiB). A real case file is a few kilobytes."""
MAX_DEPTH = 64
"""Deepest nesting accepted. A real case file nests four or five levels; a deeper one is a
mistake or an attack on whatever walks the data afterwards."""

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_NUMBER_START = frozenset("0123456789+-.")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_WORDS = _NULLS | _TRUE | _FALSE  # the only values not starting like a number that are not text
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}

Scalar = str | int | float | bool | None


@dataclass(slots=True)
class Loaded:
    """A parsed file: plain Python data, the 1-based position of every path, and findings."""

    name: str
    data: dict[str, Any] | None = None
    positions: dict[YamlPath, Position] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    problem_paths: dict[int, YamlPath] = field(default_factory=dict)
    """The path of each loader finding by its index in `findings`: once the file's model is known, a key
    under a personal field is masked (`core.validate.shown_path`), since the loader cannot tell."""

    @property
    def ok(self) -> bool:
        return not any(f.severity == Severity.ERROR for f in self.findings)

    def position(self, path: YamlPath) -> Position:
        """The position of `path`, or of its nearest ancestor present in the file."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


class _FlatScalar(ScalarEvent):
    """A ScalarEvent built by one `__init__` instead of ruamel's three (ScalarEvent, NodeEvent, Event).
    Event objects are most of what parsing costs in Python: a student file makes about 150 of them."""

    __slots__ = ()

    def __init__(
        self,
        anchor: Any,
        tag: Any,
        implicit: Any,
        value: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        style: Any = None,
        comment: Any = None,
    ) -> None:
        self.anchor, self.ctag, self.implicit, self.value = anchor, tag, implicit, value
        self.start_mark, self.end_mark, self.style, self.comment = start_mark, end_mark, style, comment


def _start_init(
    self: Any,
    anchor: Any,
    tag: Any,
    implicit: Any,
    start_mark: Any = None,
    end_mark: Any = None,
    flow_style: Any = None,
    comment: Any = None,
    nr_items: int | None = None,
) -> None:
    self.anchor, self.ctag, self.implicit, self.flow_style = anchor, tag, implicit, flow_style
    self.start_mark, self.end_mark, self.comment, self.nr_items = start_mark, end_mark, comment, nr_items


def _end_init(self: Any, start_mark: Any = None, end_mark: Any = None, comment: Any = None) -> None:
    self.start_mark, self.end_mark, self.comment = start_mark, end_mark, comment


class _FlatMappingStart(MappingStartEvent):
    __slots__ = ()
    __init__ = _start_init


class _FlatSequenceStart(SequenceStartEvent):
    __slots__ = ()
    __init__ = _start_init


class _FlatMappingEnd(MappingEndEvent):
    __slots__ = ()
    __init__ = _end_init


class _FlatSequenceEnd(SequenceEndEvent):
    __slots__ = ()
    __init__ = _end_init


_FLAT: dict[str, type[Any]] = {
    "ScalarEvent": _FlatScalar,
    "MappingStartEvent": _FlatMappingStart,
    "SequenceStartEvent": _FlatSequenceStart,
    "MappingEndEvent": _FlatMappingEnd,
    "SequenceEndEvent": _FlatSequenceEnd,
}


def _arguments(cls: type[Any]) -> tuple[str, ...]:
    code = cls.__init__.__code__
    names: tuple[str, ...] = code.co_varnames[: code.co_argcount]
    return names


def _fields(cls: type[Any]) -> set[str]:
    """Every slot of the class and its bases (a `__slots__` may be a single name)."""
    found: set[str] = set()
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        found.update((slots,) if isinstance(slots, str) else slots)
    return found


def _fits(flat: type[Any], stock: Any) -> bool:
    """The flat class stands for `stock`: same constructor arguments, and its `__init__` sets every field."""
    return (
        flat.__mro__[1] is stock
        and _arguments(stock) == _arguments(flat)
        and _fields(stock) <= set(flat.__init__.__code__.co_names)
    )


def _install_flat_events(module: Any) -> None:
    """The C parser looks each event class up by name in its module whenever it makes an event, so naming
    the flat subclasses there makes it build them. They are subclasses with the same fields, so anything
    else in the process that uses the C parser still gets the events ruamel documents. Installed only
    where ruamel's own constructors take the arguments the flat ones copy and have no field the flat ones
    leave unset: a ruamel.yaml that changes them keeps its stock classes (slower, same result)."""
    if not all(_fits(flat, getattr(module, name, None)) for name, flat in _FLAT.items()):
        return
    for name, flat in _FLAT.items():
        setattr(module, name, flat)
        _KIND_OF[flat] = _KIND_OF[flat.__mro__[1]]


def _parser_factory() -> Callable[[str], Any]:
    for name in ("_ruamel_yaml_clibz", "_ruamel_yaml"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        _install_flat_events(module)
        parser: Callable[[str], Any] = module.CParser
        return parser
    from ruamel.yaml import YAML  # noqa: PLC0415 - only when the C parser is missing

    pure = YAML(typ="safe", pure=True)
    parse: Callable[[str], Any] = pure.parse
    return parse


_make_events: Callable[[str], Any] | None = None


def _events(text: str) -> Iterator[Any]:
    """The parser's event stream; the parser is chosen once, outside any error handling."""
    global _make_events
    if _make_events is None:
        _make_events = _parser_factory()
    return _event_stream(_make_events, text)


def yaml_events(text: str) -> Iterator[Any]:
    """The parser's events for `text`, each with its start and end marks (`index` counts characters):
    what `core.yaml_edit` splices by. Raises the parser's own errors."""
    return _events(text)


def _event_stream(make: Callable[[str], Any], text: str) -> Iterator[Any]:
    parser = make(text)
    if hasattr(parser, "get_event"):  # the C parser returns None once the stream has ended
        return iter(parser.get_event, None)
    return iter(parser)


MAX_NUMBER_DIGITS = 30
"""A longer run of digits is no number a case file means (the largest dollar amount sco accepts has 16
digits): it stays text, so it is reported as a wrong value instead of overflowing an integer."""


class YamlInt(int):
    """An integer as YAML read it, with the text it was written as: an identifier field keeps `0048219370`
    and `0x4821937` exactly, whatever YAML would make of them."""

    raw: str

    def __new__(cls, value: int, raw: str = "") -> YamlInt:
        number = super().__new__(cls, value)
        number.raw = raw or str(value)
        return number

    def __reduce__(self) -> tuple[type[YamlInt], tuple[int, str]]:
        return YamlInt, (int(self), self.raw)


class YamlFloat(float):
    """A float as YAML read it, with its text (`1.10` stays `1.10` in an identifier field)."""

    raw: str

    def __new__(cls, value: float, raw: str = "") -> YamlFloat:
        number = super().__new__(cls, value)
        number.raw = raw or str(value)
        return number

    def __reduce__(self) -> tuple[type[YamlFloat], tuple[float, str]]:
        return YamlFloat, (float(self), self.raw)


def resolve_plain(value: str) -> Scalar:
    """YAML 1.2 core schema for an unquoted scalar; everything else is text. Numbers keep their text."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value[:1] not in _NUMBER_START:  # most values are words: no pattern below can match
        return value
    if len(value) > MAX_NUMBER_DIGITS and sum(ch.isdigit() for ch in value) > MAX_NUMBER_DIGITS:
        return value
    if _INT.match(value):
        return YamlInt(int(value), value)
    if _OCT.match(value):
        return YamlInt(int(value[2:], 8), value)
    if _HEX.match(value):
        return YamlInt(int(value[2:], 16), value)
    if _FLOAT.match(value) and any(ch.isdigit() for ch in value):
        return YamlFloat(float(value), value)
    if value in (".inf", "+.inf", ".Inf", "+.Inf", ".INF", "+.INF"):
        return YamlFloat(float("inf"), value)
    if value in ("-.inf", "-.Inf", "-.INF"):
        return YamlFloat(float("-inf"), value)
    if value in (".nan", ".NaN", ".NAN"):
        return YamlFloat(float("nan"), value)
    return value


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


_KEY = object()  # a mapping frame waits for its next key
_DISCARD = object()  # the next value belongs to a rejected key and is not kept


class _Frame:
    __slots__ = ("container", "is_key", "key", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: YamlPath, is_key: bool = False):
        self.container = container
        self.path = path
        self.key: object = _KEY
        self.is_key = is_key


class _TooDeep(Exception):
    def __init__(self, at: Position):
        super().__init__(at)
        self.at = at


def _problem(loaded: Loaded, code: str, message: str, hint: str, at: Position, path: YamlPath = ()) -> None:
    if path:
        loaded.problem_paths[len(loaded.findings)] = path
    loaded.findings.append(Finding(code, Severity.ERROR, message, hint, loaded.name, at[0], at[1], dotted(path)))


def _node_problems(loaded: Loaded, event: Any, at: Position, path: YamlPath) -> None:
    """Anchors and tags: sco files use neither, and a tag could ask a loader to build an object. The
    anchor's or tag's own text is never quoted: it may be a passport number or a date of birth."""
    if event.anchor:
        _problem(
            loaded,
            "GEN003",
            "an anchor (&name) is not allowed",
            "write the value out in full; sco files do not use anchors or aliases",
            at,
            path,
        )
    if event.tag not in _STR_TAGS:
        _problem(
            loaded,
            "GEN012",
            "an explicit YAML tag (!name) is not allowed",
            "remove the tag and write a plain value",
            at,
            path,
        )


def _build(events: Iterator[Any], loaded: Loaded) -> Any:
    """One document's events into dicts, lists and scalars, in one loop: the position of every key and
    list item is recorded (a finding may point there), a value's only when something is wrong with it.
    Returns the root (None for an empty document). The loop is the loader's whole cost, so the common
    events (a plain key, a value in a mapping) take the shortest way; everything else (lists, anchors,
    tags, duplicates, keys that are not names) takes the general one."""
    positions = loaded.positions
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    kind_of = _KIND_OF.get
    intern = sys.intern
    for event in events:
        kind = kind_of(type(event), _OTHER)
        if kind in _NODES:
            top = stack[-1] if stack else None
            if top is not None and type(top.container) is dict:
                plain_node = kind == _SCALAR and not event.anchor and event.ctag is None
                if top.key is _KEY:
                    if plain_node:
                        key = intern(event.value)  # one copy of `kind`, `name`, ... however many files are kept
                        if key not in top.container:
                            top.key = key
                            mark = event.start_mark
                            positions[(*top.path, key)] = (mark.line + 1, mark.column + 1)
                            continue
                    _take_key(loaded, stack, top, event, kind)
                    continue
                if plain_node:
                    if type(top.key) is str:  # not the value of a duplicate key
                        text = event.value
                        special = text[:1] in _NUMBER_START or text in _WORDS
                        top.container[top.key] = resolve_plain(text) if special and not event.style else text
                    top.key = _KEY
                    continue
            value: Any = _node(loaded, stack, event, kind)
            if value is _PUSHED:
                continue
        elif kind in _ENDS:
            done = stack.pop()
            if done.is_key:
                stack[-1].key = _DISCARD
                continue
            value = done.container
        elif kind == _DOCUMENT_START:
            documents += 1
            if documents > 1:
                _problem(
                    loaded,
                    "GEN005",
                    "the file holds several YAML documents",
                    "keep one document per file; move the others into files of their own",
                    _pos(event.start_mark),
                )
                break
            continue
        else:  # stream start and end, document end
            continue
        if not stack:
            root = value
            continue
        parent = stack[-1]
        if isinstance(parent.container, list):
            parent.container.append(value)
        else:
            if type(parent.key) is str:
                parent.container[parent.key] = value
            parent.key = _KEY
    return root


_PUSHED = object()  # `_node` opened a mapping or list: its value comes with its end event


def _node(loaded: Loaded, stack: list[_Frame], event: Any, kind: int) -> Any:
    """The general way for a value: the root, a list item (its position recorded), a mapping or list
    opened, an alias, an anchor or a tag (each a finding). Returns the scalar's value, or `_PUSHED`."""
    top = stack[-1] if stack else None
    at: Position | None = None
    if top is None:
        path: YamlPath = ()
        at = loaded.positions[()] = _pos(event.start_mark)
    elif type(top.container) is list:
        path = (*top.path, len(top.container))
        at = loaded.positions[path] = _pos(event.start_mark)
    else:
        path = (*top.path, top.key) if type(top.key) is str else top.path
    if kind == _ALIAS:
        _problem(
            loaded,
            "GEN003",
            "an alias (*name) is not allowed",
            "write the value out in full; sco files do not use anchors or aliases",
            at or _pos(event.start_mark),
            path,
        )
        return None
    if event.anchor or (event.ctag is not None and event.tag not in _STR_TAGS):
        _node_problems(loaded, event, at or _pos(event.start_mark), path)
    if kind == _SCALAR:
        return event.value if event.style or event.ctag is not None else resolve_plain(event.value)
    if len(stack) >= MAX_DEPTH:
        raise _TooDeep(at or _pos(event.start_mark))
    stack.append(_Frame({} if kind == _MAPPING_START else [], path))
    return _PUSHED


def _take_key(loaded: Loaded, stack: list[_Frame], frame: _Frame, event: Any, kind: int) -> None:
    at = _pos(event.start_mark)
    if kind == _SCALAR:
        if event.anchor or (event.ctag is not None and event.tag not in _STR_TAGS):
            _node_problems(loaded, event, at, frame.path)
        key = sys.intern(event.value)  # one copy of `kind`, `name`, ... however many files are kept
        if key in frame.container:
            first = loaded.positions.get((*frame.path, key), at)
            _problem(
                loaded,
                "GEN002",
                f"duplicate key '{key}' (first written on line {first[0]})",
                "keep one of the two: YAML would silently drop the first",
                at,
                (*frame.path, key),
            )
            frame.key = _DISCARD
        else:
            frame.key = key
            loaded.positions[(*frame.path, key)] = at
    elif kind == _ALIAS:
        _problem(loaded, "GEN003", "an alias (*name) is not allowed", "write the value out in full", at, frame.path)
        frame.key = _DISCARD
    else:  # a list or mapping used as a key
        _problem(
            loaded, "GEN001", "a key must be a plain name, not a list or mapping", "write `name: value`", at, frame.path
        )
        stack.append(_Frame({} if kind == _MAPPING_START else [], frame.path, is_key=True))


def parse_document(text: str, name: str) -> Loaded:
    """Parse one YAML document held in `text`; never raises for bad input."""
    loaded = Loaded(name)
    try:
        root = _build(_events(text), loaded)
    except _TooDeep as deep:
        _problem(
            loaded,
            "GEN013",
            f"the data is nested more than {MAX_DEPTH} levels deep",
            "flatten the structure; sco files nest a few levels at most",
            deep.at,
        )
        return loaded
    except Exception as exc:  # the parser's own errors: scanner, parser, reader
        _syntax_finding(loaded, text, exc)
        return loaded
    if root is None:
        _problem(loaded, "GEN006", "the file is empty", "start the file with `kind:` and its fields", (1, 1))
    elif not isinstance(root, dict):
        _problem(
            loaded,
            "GEN006",
            f"the top level is a {_type_word(root)}, not a mapping of fields",
            "write `kind: ...` and the other fields as `name: value` lines",
            loaded.positions.get((), (1, 1)),
        )
    else:
        loaded.data = root
    return loaded


def _type_word(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "piece of text"
    return "single value"


def _syntax_finding(loaded: Loaded, text: str, exc: Exception) -> None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in indent or "'\\t'" in str(problem):
        message = "a tab character where YAML expects spaces"
        for number, candidate in enumerate(lines, 1):
            lead = candidate[: len(candidate) - len(candidate.lstrip(" \t"))]
            if "\t" in lead:
                line, column, message = number, lead.index("\t") + 1, "a tab is used for indentation"
                break
        loaded.findings.append(
            Finding(
                "GEN007",
                Severity.ERROR,
                message,
                "YAML indents with spaces only; replace the tab with spaces",
                loaded.name,
                line,
                column,
            )
        )
        return
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        context = f"{context} that starts on line {context_mark.line + 1}"
    message = f"not valid YAML: {problem}" + (f" ({context})" if context else "")
    loaded.findings.append(
        Finding(
            "GEN001",
            Severity.ERROR,
            message.replace("\n", " "),
            "check the indentation and quoting on this line and the one before",
            loaded.name,
            line,
            column,
        )
    )


def decode(raw: bytes, name: str) -> str | Finding:
    """UTF-8 text (a BOM is tolerated), or a finding that says where the bad byte is."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Finding(
            "GEN001",
            Severity.ERROR,
            "the file is not UTF-8 text",
            "save the file as UTF-8 (in Word or Notepad: Save As, Encoding UTF-8)",
            name,
            line,
            column,
        )


def load_bytes(raw: bytes, name: str) -> Loaded:
    if len(raw) > MAX_BYTES:
        return _too_large(name, None)  # read no further than the cap: the true size is unknown
    text = decode(raw, name)
    if isinstance(text, Finding):
        loaded = Loaded(name)
        loaded.findings.append(text)
        return loaded
    return parse_document(text, name)


def load_path(path: str | os.PathLike[str], name: str | None = None) -> Loaded:
    """A file's findings, never an exception: a file sco may not read is a finding (GEN019) too."""
    name = name or str(path)
    try:
        raw, status = read_regular(path, MAX_BYTES)  # never waits on a FIFO put where a file was listed
    except OSError as exc:
        return unreadable(name, exc)
    if len(raw) > MAX_BYTES:
        return _too_large(name, status.st_size if status.st_size > MAX_BYTES else None)
    return load_bytes(raw, name)


_CHUNK = 64 * 1024


def read_capped(handle: BinaryIO) -> bytes:
    """At most MAX_BYTES + 1 bytes (one more than the cap, to tell a file at the cap from a larger one), in
    64 KiB reads: asking for 5 MiB at once makes Python allocate a 5 MiB buffer for every file, which cost a
    batch of 5,000 small files a quarter of a second. A buffered read returns short only at the end."""
    chunks: list[bytes] = []
    left = MAX_BYTES + 1
    while left > 0:
        chunk = handle.read(min(_CHUNK, left))
        chunks.append(chunk)
        left -= len(chunk)
        if len(chunk) < _CHUNK:
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def unreadable(name: str, exc: OSError) -> Loaded:
    loaded = Loaded(name)
    why = exc.strerror or type(exc).__name__
    loaded.findings.append(
        Finding(
            "GEN019",
            Severity.ERROR,
            f"cannot read the file ({why})",
            "check its permissions (`ls -l`), or leave it out of the paths checked",
            name,
            1,
            1,
        )
    )
    return loaded


def _too_large(name: str, size: int | None) -> Loaded:
    loaded = Loaded(name)
    size_text = f"{size:,} bytes" if size is not None else f"more than {MAX_BYTES:,} bytes"
    loaded.findings.append(
        Finding(
            "GEN004",
            Severity.ERROR,
            f"the file is {size_text}; the limit is {MAX_BYTES:,} bytes (5 MiB)",
            "a case file is a few kilobytes: is this the right file?",
            name,
            1,
            1,
        )
    )
    return loaded
