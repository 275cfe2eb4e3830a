"""The Jinja side of the renderer: the sandboxed environment every template runs in, with limits,
and the escaping that keeps a data value from changing a document's structure.

Templates write Markdown, so values are escaped for Markdown (never for HTML): a value prints as
the same characters in the .md file and in the Word file, whatever it holds (`{{ 7*7 }}`, `| a |`,
`# title`, `<b>`, control characters). Two kinds of value are not escaped:

- `MarkdownText`: text the user wrote as Markdown (a CTA element answer): its paragraphs and lists are
  kept, but it cannot open a heading, a table, HTML or a code fence that would swallow the rest;
- `Raw`: Markdown sco itself produced (a `[GAP: ...]` marker).

Office templates are untrusted: besides Jinja's sandbox (no attribute escapes), the environment limits
`range` sizes, the length of strings built with `*`, `+`, `~` and filters, integer powers, loop
iterations, time, output and memory per document (`template_seconds`, `template_output_mib`,
`template_memory_mib`, settings in `core/limits.py`), macro recursion and include/extends/import loops.
The budget is checked while the template runs (every 1,024 loop iterations, every call, every piece of
output, and an alarm at the deadline), and nothing a template can ask for runs long in one step of C
code: what an operator, a filter or a method would build is sized from its arguments before it runs
(widths, formats with every field, joins, replacements, tabs, wrapping, JSON indents, list growth),
and every value printed, compared, hashed or passed on is first measured by what it would print
(`printed_size`), so Ctrl-C, SIGTERM and the deadline still stop a render at once. Every failure of a template is
reported as `file:line: template error: ...` (exit 2)."""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextvars import ContextVar
from functools import update_wrapper
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from sco_cli.core.limits import LIMITS, limit, mib
from sco_cli.core.markup import MarkdownText, Raw, md_escape, md_escape_plain, user_markdown

MAX_RANGE = 100_000
"""The largest `range()` a template may build."""
MAX_STRING = 2_000_000
"""The longest string a template may build (characters)."""
MAX_ITERATIONS = 1_000_000
"""Loop iterations per document, all loops together."""
MAX_DEPTH = 40
"""Macro and call nesting."""
MAX_ARGUMENT = 100_000
"""The largest whole number a filter accepts as an argument (widths, counts)."""
MAX_POWER_BITS = 10_000
"""The largest integer `**` or `*` may produce, in bits (about 3,000 digits)."""
MAX_LIPSUM_WORDS = 100_000
"""`lipsum(n, max=...)`: at most this many words."""
_HUGE_WIDTH = re.compile(r"[0-9]{7,}")
"""A width or precision of a million or more in a format string (`{:>999999999}`, `%0999999999d`)."""
_WIDTH_FROM_VALUE = {
    "format": re.compile(r"\{[^{}]*:[^{}]*\{"),  # `{:>{width}}`
    "%": re.compile(r"%[-+ #0-9.]*\*"),  # `%*d`
}
"""A width taken from a value, which the check of the format string cannot see."""


def number(value: object) -> str:
    """`{{ amount | number }}`: 12,500,000 (an empty value prints nothing)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TemplateLimit(f"number: {value!r} is not a number")
    return f"{value:,}"


def percent(value: object) -> str:
    """`{{ probability | percent }}`: 0.95 -> 95%."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TemplateLimit(f"percent: {value!r} is not a number")
    return f"{value:.0%}"


def finalize(value: object) -> str:
    """What `{{ value }}` prints."""
    if value is None:
        return ""
    if type(value) is str:
        return md_escape(value)
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, MarkdownText):
        return user_markdown(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return md_escape(value)


# --- limits -----------------------------------------------------------------------------------------


class TemplateLimit(SecurityError):
    """A template went over one of the sandbox limits."""


class Budget:
    """What one document's template may still spend: time, loop iterations, output, memory."""

    def __init__(self) -> None:
        self.seconds = limit("template_seconds")
        self.deadline = time.monotonic() + self.seconds
        self.output_limit = mib("template_output_mib")
        self.iterations = 0
        self.depth = 0
        self.written = 0

    def tick(self, count: int = 1) -> None:
        self.iterations += count
        if self.iterations > MAX_ITERATIONS:
            raise TemplateLimit(f"more than {MAX_ITERATIONS:,} loop iterations in one document")
        if not self.iterations & 0x3FF:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(
                f"the template took more than {self.seconds:g} seconds (setting {LIMITS['template_seconds'].variable})"
            )

    def too_long(self, what: str) -> TemplateLimit:
        return TemplateLimit(
            f"{what} longer than the document may be, {self.output_limit // 2**20:,} MiB "
            f"(setting {LIMITS['template_output_mib'].variable})"
        )

    def write(self, pieces: Iterable[str]) -> str:
        """The template's output, counted and timed piece by piece as it is produced."""
        out = []
        for piece in pieces:
            self.written += len(piece)
            if self.written > self.output_limit:
                raise TemplateLimit(
                    f"the document is longer than {self.output_limit // 2**20:,} MiB "
                    f"(setting {LIMITS['template_output_mib'].variable})"
                )
            self.check_time()
            out.append(piece)
        return "".join(out)


_BUDGET: ContextVar[Budget | None] = ContextVar("sco_template_budget", default=None)


@contextlib.contextmanager
def budget(office: bool = True) -> Iterator[Budget]:
    """One document's budget, in force while the template loads and renders. For an office's templates
    (`office`), the deadline is also an alarm, so a template busy in Python code between two checks (a
    filter over a long text) is stopped on time, and the process may grow by `template_memory_mib` at
    most (on Linux), so a template that keeps what it builds fails with one line instead of taking the
    machine's memory. (sco's own templates skip these two, a few system calls per document.)"""
    spent = Budget()
    token = _BUDGET.set(spent)
    try:
        with (
            _deadline_alarm(spent) if office else contextlib.nullcontext(),
            _memory_cap() if office else contextlib.nullcontext(0) as cap,
        ):
            try:
                yield spent
            except MemoryError as exc:
                if not cap:
                    raise
                raise TemplateLimit(
                    f"the template needs more than {cap // 2**20:,} MiB of memory "
                    f"(setting {LIMITS['template_memory_mib'].variable})"
                ).with_traceback(exc.__traceback__) from None
    finally:
        _BUDGET.reset(token)


@contextlib.contextmanager
def _deadline_alarm(spent: Budget) -> Iterator[None]:
    """SIGALRM at the deadline, then every quarter second until the render ends, each raising the time
    limit wherever Python is (a handler runs between two bytecodes, as Ctrl-C does). Only the main
    thread receives signals; elsewhere the checks in loops, calls and output still hold."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        spent.check_time()

    previous = signal.signal(signal.SIGALRM, expired) or signal.SIG_DFL  # None: a handler set outside Python
    signal.setitimer(signal.ITIMER_REAL, spent.seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)  # no alarm after this, then the old handler back
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_cap() -> Iterator[int]:
    """The address space limited to what the process uses now plus `template_memory_mib`, and put back
    after: an allocation past it is a MemoryError at once, in C code too. Yields the allowance, or 0
    where it cannot be measured (not Linux) or a tighter limit is already set."""
    try:
        import resource  # noqa: PLC0415 - POSIX only

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, IndexError):
        yield 0
        return
    allowance = mib("template_memory_mib")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + allowance
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield 0
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield allowance
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _current() -> Budget:
    return _BUDGET.get() or Budget()


def _loop(iterable: Iterable[Any]) -> Iterator[Any]:
    spent = _current()
    for item in iterable:
        spent.tick()
        yield item


def _check_size(value: Any) -> Any:
    if isinstance(value, (str, bytes, bytearray, list, tuple, dict)) and len(value) > MAX_STRING:
        raise TemplateLimit(f"a value of more than {MAX_STRING:,} characters or items")
    return value


# --- what a value costs to print ---------------------------------------------------------------------

_NUMBER_SIZE = 32
"""Printed size of a float, a bool, None."""
_OBJECT_SIZE = 64
"""Printed size counted for an object sco does not look into (a date, one of its records, a loop)."""
_ESCAPED = "\\\"'<>&"
"""Characters that repr, JSON or HTML escaping print as up to six."""


def _text_size(text: str | bytes | bytearray) -> int:
    """The most repr, JSON or escaping can print for one text inside a list or mapping."""
    if isinstance(text, str) and text.isascii() and text.isprintable():
        return len(text) + 2 + 5 * sum(map(text.count, _ESCAPED))
    return 12 * len(text) + 3  # `\ud83d\ude00` in JSON, `\x00` in a repr


_ITEMS_VIEW: Any = type({}.items())
_CONTAINERS: tuple[type, ...] = (
    *(list, tuple, dict, set, frozenset, Namespace),
    *(type({}.keys()), type({}.values()), _ITEMS_VIEW),
)
"""What `printed_size` looks into (concrete types: no abstract class's slower check for every value)."""


def _leaf_size(value: Any) -> int | None:
    """A value's printed size when it holds no other value, else None."""
    if isinstance(value, (str, bytes, bytearray)):
        return _text_size(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() * 3 // 10 + 2  # decimal digits and a sign
    if value is None or isinstance(value, (bool, float)):
        return _NUMBER_SIZE
    if isinstance(value, _CONTAINERS):
        return None
    return _OBJECT_SIZE


def _children(value: Any) -> Iterator[Any]:
    if isinstance(value, Namespace):
        return iter([object.__getattribute__(value, "_Namespace__attrs")])
    if isinstance(value, dict):
        return itertools.chain.from_iterable(value.items())
    if type(value) is _ITEMS_VIEW:  # its items are pairs
        return itertools.chain.from_iterable(value)
    return iter(value)


def printed_size(value: Any, most: int) -> int:
    """At least what printing `value` writes (str, repr, JSON, escaped), and so what any walk through it
    costs (comparing, hashing, sorting it): a list holding one list twice counts it twice, as printing
    does, but is measured once, so a list doubled forty times is measured in forty steps, not 2**40.
    Stops as soon as the size passes `most`. A text alone counts its length."""
    if isinstance(value, str):
        return len(value)
    size = _leaf_size(value)
    if size is not None:
        return size
    measured: dict[int, int] = {}
    kept = [value]  # alive until the end, so no id is reused while it is in `measured`
    open_ids = {id(value)}
    stack: list[tuple[Any, Iterator[Any], int]] = [(value, _children(value), 2)]
    steps = 0
    while stack:
        node, children, size = stack.pop()
        descended = False
        for child in children:
            steps += 1
            if not steps & 0xFFFF:
                _current().check_time()
            part = _leaf_size(child)
            if part is None:
                key = id(child)
                if key in open_ids:
                    part = 5  # a list that holds itself prints as [...]
                elif key in measured:
                    part = measured[key]
                else:
                    stack.append((node, children, size))
                    stack.append((child, _children(child), 2))
                    open_ids.add(key)
                    kept.append(child)
                    descended = True
                    break
            size += part + 2
            if size > most:
                return size
        if descended:
            continue
        open_ids.discard(id(node))
        measured[id(node)] = size
        if not stack:
            return size
        parent, siblings, parent_size = stack.pop()
        parent_size += size + 2
        if parent_size > most:
            return parent_size
        stack.append((parent, siblings, parent_size))
    return 0  # not reached: the loop returns when the first node is measured


_JSON_CONTAINERS = (list, tuple, dict)
"""What JSON writes as an array or an object (with an indent, one line per item)."""


def _json_items(value: list[Any] | tuple[Any, ...] | dict[Any, Any]) -> Iterator[Any]:
    return iter(value.values()) if isinstance(value, dict) else iter(value)


def indented_size(value: Any, width: int, most: int) -> int:
    """What an indent of `width` characters adds to `value` in JSON (`tojson(indent=...)`): a line end
    and the depth times the indent before every item of an array or object and before the bracket that
    closes it. Each container is measured once as (its line ends, their depths from its own), so one held
    at several depths or many times costs one walk, and a list nested hundreds deep with a long indent
    (the square of its depth times the indent) is known before a character of it is built. Stops as soon
    as the size passes `most`."""
    if not isinstance(value, _JSON_CONTAINERS) or not value:
        return 0  # `[]` and `{}` are written on one line
    measured: dict[int, tuple[int, int]] = {}
    kept = [value]  # alive until the end, so no id is reused while it is in `measured`
    open_ids = {id(value)}
    # each frame: the container, its items still to walk, and its line ends and their depths so far
    stack: list[tuple[Any, Iterator[Any], list[int]]] = [(value, _json_items(value), [0, 0])]
    steps = 0
    while stack:
        node, items, counts = stack[-1]
        for item in items:
            steps += 1
            if not steps & 0xFFFF:
                _current().check_time()
            if not isinstance(item, _JSON_CONTAINERS) or not item or id(item) in open_ids:
                continue  # a number, a text or an empty container is one line; a cycle JSON refuses
            if id(item) not in measured:
                open_ids.add(id(item))
                kept.append(item)
                stack.append((item, _json_items(item), [0, 0]))
                break
            lines, depths = measured[id(item)]
            counts[0] += lines
            counts[1] += lines + depths  # each of its lines one level deeper here
            if counts[0] + width * counts[1] > most:
                return counts[0] + width * counts[1]
        else:
            stack.pop()
            open_ids.discard(id(node))
            lines, depths = counts[0] + len(node) + 1, counts[1] + len(node)  # its items, its closing bracket
            if not stack:
                return lines + width * depths
            measured[id(node)] = (lines, depths)
            parent = stack[-1][2]
            parent[0] += lines
            parent[1] += lines + depths
            if parent[0] + width * parent[1] > most:
                return parent[0] + width * parent[1]
    return 0  # not reached: the loop returns when the first container is measured


def _measured(value: Any, what: str = "a value") -> Any:
    """`value` itself, once it is known to print (and compare, hash, sort) within the output budget."""
    if not isinstance(value, _CONTAINERS):
        return value  # a text or a number alone was sized where it was built; an object prints short
    spent = _current()
    if printed_size(value, spent.output_limit) > spent.output_limit:
        raise spent.too_long(f"{what} that prints")
    return value


def _measured_all(what: str, *values: Any) -> None:
    for value in values:
        if isinstance(value, _CONTAINERS):
            _measured(values, what)
            return


def _output_piece(value: object) -> str:
    """What `{{ value }}` prints, once its size is known."""
    if isinstance(value, _CONTAINERS):
        _measured(value, "a value")
    return finalize(value)


def _concat(parts: list[Any]) -> str:
    total = 0
    strings = []
    for part in parts:
        if isinstance(part, _CONTAINERS):
            _measured(part, "a value joined with ~")
        text = str(part)
        total += len(text)
        if total > MAX_STRING:
            raise TemplateLimit(f"a string of more than {MAX_STRING:,} characters")
        strings.append(text)
    return "".join(strings)


def _captured(pieces: Iterable[str]) -> str:
    """What a macro, a call block, a `{% set %}` or `{% filter %}` block wrote, joined after counting it
    (every piece of it was printed through `_output_piece`, but the same long value printed a
    million times is only a million references until they are joined)."""
    parts = list(pieces)
    spent = _current()
    if sum(map(len, parts)) > spent.output_limit:
        raise spent.too_long("a macro or block's output")
    return "".join(parts)


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(f"range() of more than {MAX_RANGE:,} numbers")
    return numbers


def _lipsum(n: int = 5, html: bool = False, min: int = 20, max: int = 100) -> Any:  # Jinja's own argument names
    from jinja2.utils import generate_lorem_ipsum  # noqa: PLC0415

    if n * max > MAX_LIPSUM_WORDS:
        raise TemplateLimit(f"lipsum() of more than {MAX_LIPSUM_WORDS:,} words")
    return generate_lorem_ipsum(n, html, min, max)


# --- formats -----------------------------------------------------------------------------------------

_FIELD_SLACK = 512
"""What one format field may add besides its width, precision and value (a float written out in
full, `1e308` with `,f`, is 411 characters)."""
_FORMAT_NUMBER = re.compile(r"[0-9]+")


def _check_format(text: object, style: str = "format") -> None:
    if not isinstance(text, str):
        return
    if _HUGE_WIDTH.search(text):
        raise TemplateLimit("a format width or precision of a million or more")
    if _WIDTH_FROM_VALUE[style].search(text):
        raise TemplateLimit("a format width taken from a value (write the width in the format)")


def _check_formatted(name: str, text: str, style: str, values: list[Any], each_once: bool) -> None:
    """Refuse, before it runs, a format that would build more than a template may hold: at most its own
    text, plus for every field (every `{` or `%`) twice the widest number in it (width and precision)
    and the printed value (every value once for `%` with a tuple, else the largest for every field,
    since fields may name the same value again)."""
    _check_format(text, style)
    spent = _current()
    most = max(MAX_STRING, spent.output_limit)
    fields = text.count("{" if style == "format" else "%")
    if not fields:
        return
    widest = max(map(int, _FORMAT_NUMBER.findall(text)), default=0)
    sizes = [printed_size(value, most) for value in values]
    shown = sum(sizes) if each_once else fields * max(sizes, default=0)
    if isinstance(text, Markup):
        shown *= 6  # every value escaped: `'` is `&#39;`
    _check_built(name, len(text) + fields * (2 * widest + _FIELD_SLACK) + shown * 4 // 3)  # `,` grouping


def _percent_values(values: Any) -> tuple[list[Any], bool]:
    """The values a `%` format prints, and whether each is printed once."""
    if isinstance(values, tuple):
        return list(values), True
    if isinstance(values, Mapping):
        return list(values.values()), False
    return [values], True


def _check_built(name: str, size: int) -> None:
    if size > MAX_STRING:
        raise TemplateLimit(f"{name}: a value of more than {MAX_STRING:,} characters")


def _joined_size(separator: object, items: list[Any]) -> int:
    """What joining `items` would build, each printed."""
    most = max(MAX_STRING, _current().output_limit)
    total = len(separator) if isinstance(separator, (str, bytes)) else len(str(separator))
    total *= max(len(items) - 1, 0)
    for item in items:
        total += len(item) if isinstance(item, (str, bytes, bytearray)) else printed_size(item, most)
        if total > most:
            break
    return total


def _replaced_size(text: str | bytes | bytearray, old: object, new: object, count: object = -1) -> int:
    kind = str if isinstance(text, str) else (bytes, bytearray)
    if not isinstance(old, kind) or not isinstance(new, kind):
        return len(text)
    times = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


def _expanded_size(text: str | bytes | bytearray, tabsize: object = 8) -> int:
    tab = "\t" if isinstance(text, str) else b"\t"
    width = tabsize if isinstance(tabsize, int) and not isinstance(tabsize, bool) else 8
    return len(text) + text.count(tab) * max(width, 0)  # type: ignore[arg-type]


def _wrapped_size(text: str, width: object, wrapstring: object) -> int:
    """The most `wordwrap` can build: a line at every space and hyphen and every `width` characters."""
    columns = width if isinstance(width, int) and not isinstance(width, bool) and width > 0 else 1
    breaks = sum(map(text.count, " \t\n\r\x0b\x0c-")) + len(text) // columns + 1
    return len(text) + breaks * len(wrapstring if isinstance(wrapstring, str) else "\n")


_SHALLOW_FILTERS = {
    "attr", "batch", "count", "d", "default", "first", "items", "last", "length", "list", "map", "random",
    "reject", "rejectattr", "reverse", "select", "selectattr", "slice",
}  # fmt: skip
"""Filters that never print, compare or hash the items of their value (`map` and `select` pass each item
to a filter or test, which measures it), so a long list is not walked for them."""


def _argument(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], position: int, default: Any) -> Any:
    """A filter's argument, given by position (after the value) or by name."""
    if name in kwargs:
        return kwargs[name]
    return args[position] if len(args) > position else default


def _checked_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # the context or environment, then the value

    def checked(*args: Any, **kwargs: Any) -> Any:
        for argument in [*args[skip:], *kwargs.values()]:
            if isinstance(argument, int) and not isinstance(argument, bool) and abs(argument) > MAX_ARGUMENT:
                raise TemplateLimit(f"filter {name}: argument {argument} is larger than {MAX_ARGUMENT:,}")
        value = args[skip - 1] if len(args) >= skip else None
        rest = [*args[skip:], *kwargs.values()]
        after = args[skip:]
        _measured_all(f"filter {name}: an argument", *rest)
        if name not in _SHALLOW_FILTERS:
            _measured(value, f"filter {name}: a value")
        if name == "join" and value is not None and not isinstance(value, str):
            items = list(value)  # built once here, so its size is known before the join
            args = (*args[: skip - 1], items, *args[skip:])
            separator = _argument("d", after, kwargs, 0, "")
            _check_built("filter join", _joined_size(separator if isinstance(separator, str) else "", items))
        if name == "replace" and isinstance(value, str) and len(rest) >= 2:
            _check_built("filter replace", _replaced_size(value, *rest[:3]))
        if name == "indent" and isinstance(value, str):
            width = rest[0] if rest else 4
            lines = value.count("\n") + 1
            _check_built("filter indent", len(value) + lines * (width if isinstance(width, int) else len(str(width))))
        if name == "wordwrap" and isinstance(value, str):
            width = _argument("width", after, kwargs, 0, 79)
            wrapstring = _argument("wrapstring", after, kwargs, 2, "\n")
            _check_built("filter wordwrap", _wrapped_size(value, width, wrapstring))
        if name == "tojson":
            indent = _argument("indent", after, kwargs, 0, None)
            if indent is not None:
                width = len(indent) if isinstance(indent, str) else max(indent, 0) if isinstance(indent, int) else 0
                indented = indented_size(value, width, MAX_STRING)
                _check_built("filter tojson", printed_size(value, MAX_STRING) + indented)
        if name == "format" and len(args) >= skip:
            shown, once = _percent_values(kwargs or tuple(after))
            _check_formatted("filter format", str(value), "%", shown, once)
        if name == "sum":
            start = kwargs.get("start", args[skip + 1] if len(args) > skip + 1 else 0)
            if isinstance(start, bool) or not isinstance(start, (int, float)):
                raise TemplateLimit("filter sum: start must be a number (adding lists or strings is quadratic)")
        return _check_size(function(*args, **kwargs))

    if hasattr(function, "jinja_pass_arg"):
        checked.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return update_wrapper(checked, function)


def _checked_test(name: str, function: Any) -> Any:
    """A test (`is in`, `is eq`, ...) whose values are measured first: comparing walks them."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        _measured_all(f"test {name}: a value", *args, *kwargs.values())
        return function(*args, **kwargs)

    if hasattr(function, "jinja_pass_arg"):
        checked.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return update_wrapper(checked, function)


class _Limits(NodeTransformer):
    """Every `for` iterable counts against the budget; every `~` concatenation is size-checked; what is
    compared (`==`, `<`, `in`) or used as a mapping key is measured first, since comparing and hashing
    walk the whole value in one step of C code."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.Name("__sco_loop", "load"), [node.iter], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(
            nodes.Name("__sco_concat", "load"), [nodes.List(node.nodes)], [], None, None, lineno=node.lineno
        )

    def visit_Compare(self, node: nodes.Compare) -> nodes.Node:
        self.generic_visit(node)
        node.expr = _measure_node(node.expr)
        for operand in node.ops:
            operand.expr = _measure_node(operand.expr)
        return node

    def visit_Pair(self, node: nodes.Pair) -> nodes.Node:
        self.generic_visit(node)
        node.key = _measure_node(node.key)
        return node


def _measure_node(node: nodes.Expr) -> nodes.Expr:
    """`node` through `_measured`, as a filter: called directly, not through the sandbox's `call`."""
    if isinstance(node, nodes.Const):
        return node
    return nodes.Filter(node, "__sco_measured", [], [], None, None, lineno=node.lineno)


_BINARY = {"+", "*", "**", "%", "//", "/"}
_SEQUENCES = (str, bytes, bytearray, list, tuple)


class LimitedEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset(_BINARY)
    concat = staticmethod(_captured)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        limited: nodes.Template = _Limits().visit(tree)
        return limited

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if __obj is _loop or __obj is _concat:  # added by `_Limits`, checking their own values
            return __context.call(__obj, *args, **kwargs)
        spent = _current()
        spent.depth += 1
        try:
            if spent.depth > MAX_DEPTH:
                raise TemplateLimit(f"calls nested more than {MAX_DEPTH} deep (a macro calling itself?)")
            spent.check_time()
            _check_call(__obj, args, kwargs)
            result = _check_size(super().call(__context, __obj, *args, **kwargs))
            _check_grown(__obj)
            return result
        finally:
            spent.depth -= 1

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        whole = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and whole and abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > MAX_POWER_BITS:
            raise TemplateLimit("too large a number (a power of more than 3,000 digits)")
        if operator == "*" and whole and left.bit_length() + right.bit_length() > MAX_POWER_BITS:
            raise TemplateLimit("too large a number (a product of more than 3,000 digits)")
        if operator == "%" and isinstance(left, str):
            shown, once = _percent_values(right)
            _check_formatted("%", left, "%", shown, once)
        too_long = TemplateLimit(f"a value of more than {MAX_STRING:,} characters or items")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, _SEQUENCES) and isinstance(times, int) and len(sequence) * times > MAX_STRING:
                    raise too_long
        both = isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES)
        if operator == "+" and both and len(left) + len(right) > MAX_STRING:
            raise too_long
        return _check_size(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Any:
        """`'...'.format` and `.format_map` are wrapped by the sandbox when they are looked up; the
        wrapper sizes what the format would build from its values before it runs."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__
        _check_format(text)

        def sized(*args: Any, **kwargs: Any) -> Any:
            if value.__name__ == "format_map":
                mapping = args[0] if args else {}
                shown = list(mapping.values()) if isinstance(mapping, Mapping) else [mapping]
            else:
                shown = [*args, *kwargs.values()]
            _check_formatted(value.__name__, text, "format", shown, each_once=False)
            return wrapped(*args, **kwargs)

        return update_wrapper(sized, value)

    def _load_template(self, name: str, globals: Any) -> Any:
        # A template that includes, extends or imports itself (directly or through others) would recurse
        # until Python gives up: count this template's frames on the stack first.
        frame = sys._getframe(1)
        seen: dict[str, int] = {}
        while frame is not None:
            filename = frame.f_code.co_filename
            if filename.endswith(".j2"):
                seen[filename] = seen.get(filename, 0) + 1
                if seen[filename] > 20:
                    raise TemplateLimit("templates include, extend or import each other in a loop")
            frame = frame.f_back  # type: ignore[assignment]
        return super()._load_template(name, globals)


class FolderLoader(FileSystemLoader):
    """Templates from one folder and nothing outside it: a name with `..` is refused; a link
    (a symbolic link, or a folder that is one) is followed only when where it leads is inside the same
    folder: an office template that links to, or includes a link to, `/etc/passwd` or another office's
    files is a template error naming the link, never a document quoting that file."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        if ".." in template.replace("\\", "/").split("/"):
            raise SecurityError(f"template {template}: `..` leads out of the template folder; name a template in it")
        pieces = split_template_path(template)
        for folder in self.searchpath:
            candidate = os.path.join(folder, *pieces)
            if not os.path.lexists(candidate):
                continue
            inside, real = os.path.realpath(folder), os.path.realpath(candidate)
            if os.path.commonpath([inside, real]) != inside:
                raise SecurityError(
                    f"template {template}: {candidate} leads out of the template folder {folder}; "
                    "sco reads templates only inside their folder (copy the file in instead of linking it)"
                )
            break
        return super().get_source(environment, template)


_SIZED_BY_WIDTH = {"center", "ljust", "rjust", "zfill"}
"""Text methods whose number argument is the length of what they build."""
_WALK_OWNER = {"count", "index", "remove", "sort"}
"""List methods that compare every item of their list."""
_GROWING = {"append", "extend", "insert", "update", "setdefault", "fromkeys"}
"""List and mapping methods that make their own object larger."""


def _check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse, before it runs, a method asked to build more than a template may hold, or to walk a value
    longer than the document may be: it would run in C code for seconds or hours, deaf to signals and to
    the deadline. (Format strings are sized where the sandbox wraps them.)"""
    _measured_all("an argument", *args, *kwargs.values())
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, (list, dict)):
        if name in _WALK_OWNER:
            _measured(owner, f"{name}() on a list")
        if name in _GROWING:
            added = args[0] if args else kwargs
            grown = len(owner) + (len(added) if isinstance(added, Sized) and name != "append" else 1)
            if grown > MAX_STRING:
                raise TemplateLimit(f"{name}(): a list or mapping of more than {MAX_STRING:,} items")
        return
    numbers = [argument for argument in [*args, *kwargs.values()] if isinstance(argument, int)]
    if isinstance(owner, int) and name == "to_bytes" and numbers and numbers[0] > MAX_STRING:
        raise TemplateLimit(f"to_bytes({numbers[0]}): a value of more than {MAX_STRING:,} bytes")
    if not isinstance(owner, (str, bytes, bytearray)):
        return
    if name in _SIZED_BY_WIDTH:
        for argument in numbers:
            if not isinstance(argument, bool) and argument > MAX_STRING:
                raise TemplateLimit(f"{name}({argument}): a value of more than {MAX_STRING:,} characters")
    elif name == "expandtabs":
        _check_built("expandtabs", _expanded_size(owner, numbers[0] if numbers else 8))
    elif name == "replace" and len(args) >= 2:
        _check_built("replace", _replaced_size(owner, *args[:3]))
    elif name == "join" and args and isinstance(args[0], (list, tuple)):
        _check_built("join", _joined_size(owner, list(args[0])))
    elif name == "translate" and isinstance(owner, str) and args and isinstance(args[0], Mapping):
        _check_built("translate", len(owner) * _longest_replacement(args[0]))


def _longest_replacement(table: Mapping[Any, Any]) -> int:
    """What one character may become through a `str.translate` table (`{120: 'y' * 1000}` makes each
    `x` a thousand characters)."""
    return max((len(value) if isinstance(value, str) else 1 for value in table.values()), default=1)


def _check_grown(function: Any) -> None:
    """A list or mapping a method made larger than a template may hold (extended from an iterator, whose
    length was not known before) is refused at once."""
    owner = getattr(function, "__self__", None)
    if isinstance(owner, (list, dict)) and len(owner) > MAX_STRING:
        raise TemplateLimit(f"a list or mapping of more than {MAX_STRING:,} items")


def render(template: Any, context: dict[str, Any]) -> str:
    """`template` rendered under the current budget, its output counted as it is produced."""
    return _current().write(template.generate(context))


def environment(folders: list[Path]) -> LimitedEnvironment:
    """One environment over template folders (the office's first, then the built-in ones)."""
    env = LimitedEnvironment(
        loader=ChoiceLoader([FolderLoader(str(folder), encoding="utf-8") for folder in folders]),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=_output_piece,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters = {name: _checked_filter(name, function) for name, function in env.filters.items()}
    env.tests = {name: _checked_test(name, test) for name, test in env.tests.items()}
    env.filters["number"] = number
    env.filters["percent"] = percent
    env.globals["range"] = _range
    env.globals["lipsum"] = _lipsum
    env.globals["__sco_loop"] = _loop
    env.globals["__sco_concat"] = _concat
    env.filters["__sco_measured"] = _measured
    return env


# --- errors -----------------------------------------------------------------------------------------


def template_location(exc: BaseException, fallback: Path) -> tuple[Path, int]:
    """Where a template failed: the innermost template frame of the traceback, or the syntax error's
    own file and line."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return Path(exc.filename), exc.lineno or 1
    if isinstance(exc, UnicodeDecodeError):
        return fallback, 1
    found: tuple[Path, int] | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            found = (Path(frame.filename), frame.lineno or 1)
    return found or (fallback, 1)


def describe(exc: BaseException) -> str:
    """One line saying what went wrong in a template."""
    if isinstance(exc, UnicodeDecodeError):
        return "the file is not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "nested too deeply: templates or macros calling each other in a loop, or a list thousands deep"
    if isinstance(exc, MemoryError):
        return "the template needs more memory than there is"
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    message = " ".join(str(message).split())
    if not isinstance(exc, (SecurityError, TemplateSyntaxError)) and type(exc).__module__ == "builtins":
        message = f"{type(exc).__name__}: {message}"
    return md_escape_plain(message)


def unicode_error_line(path: Path) -> int:
    """The line of the first byte that is not UTF-8."""
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1
    except OSError:
        return 1
    return 1
