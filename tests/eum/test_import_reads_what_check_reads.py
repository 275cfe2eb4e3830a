"""`eum import` reads what `eum check` reads (issue 20 point 4): any register `eum check` passes, however
it is written (line ends, byte-order mark, YAML directive, trailing tabs and comments, quoting, block or
flow lists, indentation, anchors), takes an import and an inventory scan, and still passes afterwards."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import AS_OF, EXAMPLES, Sco

EXAMPLE = (EXAMPLES / "eum.yaml").read_text(encoding="utf-8")
SCAN = "serial,description,case\nPVS-88107,AN/PVS-14 night vision monocular,XS-B-ZAC\nS-NEW-1,Handheld radio,XS-B-ZAD\n"
INVENTORY = "serial\nPVS-88101\nPVS-88102\nCLU-10231\n"


def _block_lists(text: str, indented: bool) -> str:
    """`serials: [A, B]` as a block list, its items indented under the key or not."""

    def block(match: re.Match[str]) -> str:
        pad, key, items = match.group(1), match.group(2), match.group(3).split(", ")
        item_pad = pad + ("  " if indented else "")
        return f"{pad}{key}:" + "".join(f"\n{item_pad}- {item}" for item in items)

    return re.sub(r"(?m)^( *)(serials): \[([^\]\n]*)\]", block, text)


def _quoted(text: str, quote: str) -> str:
    return re.sub(
        r"(?m)^( *(?:- )?(?:description|case|custodian|location): )([^#\n]*?)(\s*)$",
        lambda m: f"{m.group(1)}{quote}{m.group(2)}{quote}{m.group(3)}",
        text,
    )


@st.composite
def registers(draw: st.DrawFn) -> bytes:
    text = EXAMPLE
    if draw(st.booleans()):
        text = _block_lists(text, draw(st.booleans()))
    quote = draw(st.sampled_from(["", "'", '"']))
    if quote:
        text = _quoted(text, quote)
    if draw(st.booleans()):  # dates written as quoted text
        text = re.sub(r"(?m)^( *(?:- )?(?:arrival|date|last_cav): )(\d{4}-\d\d-\d\d)", r'\1"\2"', text)
    if draw(st.booleans()):  # an anchor and its alias
        text = text.replace("custodian: 1st Mechanized Brigade", "custodian: &unit 1st Mechanized Brigade", 1)
        text = text.replace("custodian: Signal Regiment", "custodian: *unit", 1)
    trailing = draw(st.sampled_from(["", "\t", "   ", "  # checked", " \t "]))
    if trailing:
        text = "\n".join(line + trailing if line.strip() else line for line in text.split("\n"))
    text = draw(st.sampled_from(["", "---\n", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n"])) + text
    if draw(st.booleans()):
        text += "...\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if draw(st.booleans()) else data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(register=registers(), inventory=st.booleans())
def test_a_register_eum_check_passes_takes_an_import(tmp_path_factory, register, inventory):
    sco = Sco()
    folder = tmp_path_factory.mktemp("import")
    path, table = folder / "eum.yaml", folder / "scan.csv"
    path.write_bytes(register)
    table.write_text(INVENTORY if inventory else SCAN)
    checked = sco("eum", "check", path, "--as-of", AS_OF)
    if checked.exit_code != 0:  # only registers eum check passes are the property's
        assert checked.exit_code == 1, checked.output
        return
    options = ("--inventory", "2026-11-20") if inventory else ()
    imported = sco("eum", "import", table, "--into", path, *options)
    assert imported.exit_code == 0, (register, imported.output)
    after = sco("eum", "check", path, "--as-of", AS_OF)
    assert after.exit_code == 0, (register, after.output)
    assert b"PVS-88101" in path.read_bytes()


def test_the_property_meets_registers_eum_check_passes(sco, tmp_path):
    """The property is not vacuous: the plainest and one of the oddest registers both pass the check."""
    odd = "%YAML 1.1\r\n---\r\n" + _quoted(_block_lists(EXAMPLE, False), "'").replace("\n", "\t\r\n")
    for number, text in enumerate((EXAMPLE, odd)):
        path = tmp_path / f"eum{number}.yaml"
        path.write_bytes(text.encode("utf-8"))
        assert sco("eum", "check", path, "--as-of", AS_OF).exit_code == 0
