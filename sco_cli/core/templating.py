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
iterations, time and output per document (`template_seconds` and `template_output_mib`, settings in
`core/limits.py`), macro recursion and include/extends/import loops. The budget is checked while the
template runs (every 1,024 loop iterations, every call, every piece of output), and nothing a template
can ask for runs long in one step of C code (a string method's width, a format's width, `sum` with a
list start, `lipsum`, the size a join, replace or indent would build, integer products are checked
before they run), so Ctrl-C and SIGTERM still stop a render at once. Every failure of a template is
reported as `file:line: template error: ...` (exit 2)."""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

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
_SIZED_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
"""String methods whose number argument is the length of what they build."""
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
    """What one document's template may still spend: time, loop iterations, output."""

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
def budget() -> Iterator[Budget]:
    spent = Budget()
    token = _BUDGET.set(spent)
    try:
        yield spent
    finally:
        _BUDGET.reset(token)


def _current() -> Budget:
    return _BUDGET.get() or Budget()


def _loop(iterable: Iterable[Any]) -> Iterator[Any]:
    spent = _current()
    for item in iterable:
        spent.tick()
        yield item


def _check_size(value: Any) -> Any:
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_STRING:
        raise TemplateLimit(f"a value of more than {MAX_STRING:,} characters or items")
    return value


def _concat(parts: list[Any]) -> str:
    total = 0
    strings = []
    for part in parts:
        text = str(part)
        total += len(text)
        if total > MAX_STRING:
            raise TemplateLimit(f"a string of more than {MAX_STRING:,} characters")
        strings.append(text)
    return "".join(strings)


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


def _check_format(text: object, style: str = "format") -> None:
    if not isinstance(text, str):
        return
    if _HUGE_WIDTH.search(text):
        raise TemplateLimit("a format width or precision of a million or more")
    if _WIDTH_FROM_VALUE[style].search(text):
        raise TemplateLimit("a format width taken from a value (write the width in the format)")


def _check_built(name: str, size: int) -> None:
    if size > MAX_STRING:
        raise TemplateLimit(f"{name}: a value of more than {MAX_STRING:,} characters")


def _joined_size(separator: object, items: list[Any]) -> int:
    """What joining `items` would build, counting each text item (the others print short or are checked
    where they were built)."""
    return sum(len(item) for item in items if isinstance(item, str)) + len(str(separator)) * max(len(items) - 1, 0)


def _replaced_size(text: str, old: object, new: object, count: object = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


def _checked_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # the context or environment, then the value

    def checked(*args: Any, **kwargs: Any) -> Any:
        for argument in [*args[skip:], *kwargs.values()]:
            if isinstance(argument, int) and not isinstance(argument, bool) and abs(argument) > MAX_ARGUMENT:
                raise TemplateLimit(f"filter {name}: argument {argument} is larger than {MAX_ARGUMENT:,}")
        value = args[skip - 1] if len(args) >= skip else None
        rest = [*args[skip:], *kwargs.values()]
        if name == "join" and value is not None and not isinstance(value, str):
            items = list(value)  # built once here, so its size is known before the join
            args = (*args[: skip - 1], items, *args[skip:])
            separator = rest[0] if rest and isinstance(rest[0], str) else ""
            _check_built("filter join", _joined_size(separator, items))
        if name == "replace" and isinstance(value, str) and len(rest) >= 2:
            _check_built("filter replace", _replaced_size(value, *rest[:3]))
        if name == "indent" and isinstance(value, str):
            width = rest[0] if rest else 4
            lines = value.count("\n") + 1
            _check_built("filter indent", len(value) + lines * (width if isinstance(width, int) else len(str(width))))
        if name == "format" and len(args) >= skip:
            _check_format(args[skip - 1], "%")
        if name == "sum":
            start = kwargs.get("start", args[skip + 1] if len(args) > skip + 1 else 0)
            if isinstance(start, bool) or not isinstance(start, (int, float)):
                raise TemplateLimit("filter sum: start must be a number (adding lists or strings is quadratic)")
        return _check_size(function(*args, **kwargs))

    if hasattr(function, "jinja_pass_arg"):
        checked.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return checked


class _Limits(NodeTransformer):
    """Every `for` iterable counts against the budget; every `~` concatenation is size-checked."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.Name("__sco_loop", "load"), [node.iter], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(
            nodes.Name("__sco_concat", "load"), [nodes.List(node.nodes)], [], None, None, lineno=node.lineno
        )


_BINARY = {"+", "*", "**", "%", "//", "/"}


class LimitedEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset(_BINARY)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        limited: nodes.Template = _Limits().visit(tree)
        return limited

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        spent = _current()
        spent.depth += 1
        try:
            if spent.depth > MAX_DEPTH:
                raise TemplateLimit(f"calls nested more than {MAX_DEPTH} deep (a macro calling itself?)")
            spent.check_time()
            _check_call(__obj, args, kwargs)
            return _check_size(super().call(__context, __obj, *args, **kwargs))
        finally:
            spent.depth -= 1

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        whole = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and whole and abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > MAX_POWER_BITS:
            raise TemplateLimit(f"{left} ** {right} is too large a number")
        if operator == "*" and whole and left.bit_length() + right.bit_length() > MAX_POWER_BITS:
            raise TemplateLimit("too large a number (a product of more than 3,000 digits)")
        if operator == "%" and isinstance(left, str):
            _check_format(left, "%")
        sequences = (str, list, tuple)
        too_long = TemplateLimit(f"a value of more than {MAX_STRING:,} characters or items")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, sequences) and isinstance(times, int) and len(sequence) * times > MAX_STRING:
                    raise too_long
        both = isinstance(left, sequences) and isinstance(right, sequences)
        if operator == "+" and both and len(left) + len(right) > MAX_STRING:
            raise too_long
        return _check_size(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Any:
        """`'...'.format` is wrapped by the sandbox when it is looked up: its format string is checked then."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

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


def _check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse, before it runs, a string method asked to build more than a template may hold: it would
    run in C code for seconds, deaf to signals. (Format strings are checked where the sandbox wraps them.)"""
    owner = getattr(function, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(function, "__name__", "")
    if name in _SIZED_METHODS:
        for argument in [*args, *kwargs.values()]:
            if isinstance(argument, int) and not isinstance(argument, bool) and argument > MAX_STRING:
                raise TemplateLimit(f"{name}({argument}): a value of more than {MAX_STRING:,} characters")
    elif name == "replace" and len(args) >= 2:
        _check_built("replace", _replaced_size(owner, *args[:3]))
    elif name == "join" and args and isinstance(args[0], (list, tuple)):
        _check_built("join", _joined_size(owner, list(args[0])))


def render(template: Any, context: dict[str, Any]) -> str:
    """`template` rendered under the current budget, its output counted as it is produced."""
    return _current().write(template.generate(context))


def environment(folders: list[Path]) -> LimitedEnvironment:
    """One environment over template folders (the office's first, then the built-in ones)."""
    env = LimitedEnvironment(
        loader=ChoiceLoader([FolderLoader(str(folder), encoding="utf-8") for folder in folders]),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters = {name: _checked_filter(name, function) for name, function in env.filters.items()}
    env.filters["number"] = number
    env.filters["percent"] = percent
    env.globals["range"] = _range
    env.globals["lipsum"] = _lipsum
    env.globals["__sco_loop"] = _loop
    env.globals["__sco_concat"] = _concat
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
        return "templates or macros call each other too deeply (a loop?)"
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
