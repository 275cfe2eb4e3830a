"""Any bytes in, findings or a clean result out: never a traceback, never exit 3."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sco_cli.core.loader import load_bytes, parse_document
from sco_cli.core.types import parse_money
from tests.helpers import EXAMPLES, FIXTURES, Sco

yaml_ish = st.text(alphabet=st.sampled_from(list("kind:lor \n-[]{}&*!|>'\"#\t,?%@`0123456789.abcXYZ~")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_loader_never_raises_on_bytes(raw):
    loaded = load_bytes(raw, "x.yaml")
    assert loaded.data is None or isinstance(loaded.data, dict)
    for finding in loaded.findings:
        assert finding.line >= 1 and finding.column >= 1 and finding.code.startswith("GEN")


@settings(max_examples=300, deadline=None)
@given(yaml_ish)
def test_loader_never_raises_on_yaml_like_text(text):
    loaded = parse_document(text, "x.yaml")
    assert loaded.ok == (loaded.data is not None and not loaded.findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(yaml_ish.map(lambda t: "kind: lor\n" + t), yaml_ish, st.binary(max_size=200)))
def test_cli_gives_exit_0_or_1_never_a_traceback(tmp_path, body):
    path = tmp_path / "case.yaml"
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass"))
    result = Sco()("check", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


@given(st.integers(min_value=0, max_value=10**12))
def test_money_forms_agree(amount):
    assert parse_money(amount) == amount
    assert parse_money(f"${amount:,}") == amount
    assert parse_money(str(amount)) == amount


def test_money_suffixes():
    assert parse_money("12.5M") == parse_money("$12,500,000") == parse_money(12500000) == 12_500_000
    assert parse_money("250K") == 250_000
    for bad in ("12.5", "1.2345K", "-5", "abc", "$", True):
        try:
            parse_money(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


def test_very_deep_nesting_is_one_finding_not_a_crash(tmp_path, sco):
    path = tmp_path / "deep.yaml"
    path.write_text("kind: lor\ndate: 2026-02-30\nzzz: " + "[" * 5000 + "]" * 5000 + "\n")
    result = sco("check", str(path), "--format", "json")
    assert result.exit_code == 1
    assert '"GEN013"' in result.stdout


def test_pure_python_parser_gives_the_same_result_as_the_c_parser(monkeypatch):
    """Without ruamel's C extension the loader falls back to the pure-Python parser; both must agree."""

    from ruamel.yaml import YAML

    from sco_cli.core import loader

    fixtures = sorted((FIXTURES / "rules").rglob("*.yaml"))
    fixtures += sorted(EXAMPLES.rglob("*.yaml"))

    def outcome(raw: bytes):
        loaded = load_bytes(raw, "x.yaml")
        return loaded.data, loaded.positions, [(f.code, f.line) for f in loaded.findings]

    fast = [outcome(path.read_bytes()) for path in fixtures]
    monkeypatch.setattr(loader, "_make_events", YAML(typ="safe", pure=True).parse)
    slow = [outcome(path.read_bytes()) for path in fixtures]
    assert len(fast) > 100
    syntax = ("GEN001", "GEN007")
    compared = 0
    for path, a, b in zip(fixtures, fast, slow, strict=True):
        a_syntax = any(code in syntax for code, _ in a[2])
        b_syntax = any(code in syntax for code, _ in b[2])
        if a_syntax or b_syntax:
            # Both parsers refuse broken YAML, but word it and place it differently; the pure one is also
            # stricter than YAML 1.2 about a tab before a comment (GEN007/pass.yaml), so only refusal by
            # the C parser is required of both.
            assert b_syntax or not a_syntax, path
            continue
        assert a == b, path
        compared += 1
    assert compared > 100


def _event_fields(event):
    """What an event carries, named by ruamel's class (a flat event by the class it stands for)."""
    cls = type(event)
    stock = cls.__mro__[1] if cls.__module__ == "sco_cli.core.loader" else cls
    fields = ("anchor", "ctag", "implicit", "value", "style", "flow_style", "nr_items", "comment")
    marks = tuple((m.line, m.column) for m in (event.start_mark, event.end_mark))
    return (stock.__name__, marks, *(getattr(event, name, None) for name in fields))


def test_flat_events_carry_what_ruamels_own_events_carry(monkeypatch):
    """The C parser builds the loader's flat event subclasses (one `__init__` instead of three); every field
    of every event must be what ruamel's own classes would hold, on every example and rule fixture."""

    from ruamel.yaml import events

    from sco_cli.core import loader

    loader._events("kind: lor\n")  # the parser is chosen, and the flat events installed, on first use
    module = pytest.importorskip("_ruamel_yaml_clibz")
    assert module.ScalarEvent is loader._FlatScalar, "the flat events are not installed: the loader lost its speed"
    files = sorted((FIXTURES / "rules").rglob("*.yaml"))
    files += sorted(EXAMPLES.rglob("*.yaml"))
    texts = [path.read_bytes().decode("utf-8", "replace") for path in files]

    def stream(text):
        try:
            return [_event_fields(event) for event in loader._event_stream(module.CParser, text)]
        except Exception as exc:  # broken YAML: both must stop at the same event with the same problem
            return [str(exc)]

    flat = [stream(text) for text in texts]
    assert isinstance(next(loader._event_stream(module.CParser, "a: 1\n")), events.StreamStartEvent)
    assert any(type(e) is loader._FlatScalar for e in loader._event_stream(module.CParser, "a: 1\n"))
    for name in loader._FLAT:
        monkeypatch.setattr(module, name, getattr(events, name))
    stock = [stream(text) for text in texts]
    assert len(files) > 100 and sum(len(s) for s in stock) > 10_000
    assert flat == stock


def test_flat_events_are_not_installed_when_ruamel_changes_its_constructors():
    """A ruamel.yaml whose event constructors take other arguments keeps its own classes: slower, never wrong."""
    from types import SimpleNamespace

    from ruamel.yaml import events

    from sco_cli.core import loader

    class ChangedScalar(events.ScalarEvent):
        __slots__ = ()

        def __init__(self, anchor, tag, implicit, value, start_mark=None, end_mark=None, style=None, *, extra=None):
            super().__init__(anchor, tag, implicit, value, start_mark, end_mark, style)

    stock = {name: getattr(events, name) for name in loader._FLAT}
    changed = SimpleNamespace(**dict(stock, ScalarEvent=ChangedScalar))
    loader._install_flat_events(changed)
    assert changed.ScalarEvent is ChangedScalar
    assert all(getattr(changed, name) is cls for name, cls in stock.items() if name != "ScalarEvent")

    class Stock:
        __slots__ = ("a", "b")

        def __init__(self, a=None, b=None):
            self.a, self.b = a, b

    class LeavesOneUnset(Stock):
        __slots__ = ()

        def __init__(self, a=None, b=None):
            self.a = a

    class SetsBoth(Stock):
        __slots__ = ()

        def __init__(self, a=None, b=None):
            self.a, self.b = a, b

    assert not loader._fits(LeavesOneUnset, Stock)  # same arguments, a field left unset
    assert loader._fits(SetsBoth, Stock)
    unchanged = SimpleNamespace(**stock)
    loader._install_flat_events(unchanged)
    assert all(getattr(unchanged, name) is loader._FLAT[name] for name in loader._FLAT)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(min_value=0, max_value=80), chunk=st.integers(min_value=1, max_value=9))
def test_capped_read_returns_the_file_or_one_byte_past_the_cap(monkeypatch, size, chunk):
    """Files are read in chunks, never with one buffer the size of the cap: whatever the chunk and file sizes,
    the result is the whole file, or the cap plus one byte (which `load_path` reports as too large)."""
    import io

    from sco_cli.core import loader

    monkeypatch.setattr(loader, "MAX_BYTES", 40)
    monkeypatch.setattr(loader, "_CHUNK", chunk)
    data = bytes(range(size))
    assert loader.read_capped(io.BufferedReader(io.BytesIO(data))) == data[:41]


def test_a_file_at_the_cap_loads_and_one_byte_more_is_too_large(tmp_path):
    from sco_cli.core.loader import MAX_BYTES, load_path

    at_cap = tmp_path / "at-cap.yaml"
    at_cap.write_bytes(b"kind: lor\nnote: " + b"x" * (MAX_BYTES - 17) + b"\n")
    assert at_cap.stat().st_size == MAX_BYTES
    loaded = load_path(at_cap)
    assert loaded.ok and len(loaded.data["note"]) == MAX_BYTES - 17
    over = tmp_path / "over.yaml"
    over.write_bytes(at_cap.read_bytes() + b"#")
    assert [f.code for f in load_path(over).findings] == ["GEN004"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_not_read():
    """`/dev/zero` is a device, not a file: refused once open (fstat), before a byte is read."""
    from sco_cli.core.loader import load_path

    [finding] = load_path("/dev/zero").findings
    assert finding.code == "GEN019" and finding.message == "cannot read the file (a device, not a regular file)"
