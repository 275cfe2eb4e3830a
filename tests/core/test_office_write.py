"""The one safe writer of office files (core/office_write.py) and the splicing editor (core/yaml_edit.py):
a change computed from an old copy never lands, symlinks are written through, a result sco would refuse
is never written, and what an edit does not touch stays byte for byte."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sco_cli.core.errors import UsageError
from sco_cli.core.loader import MAX_BYTES, parse_document
from sco_cli.core.office_write import read_office_file, write_office_file
from sco_cli.core.yaml_edit import EditRefused, TextEdit, scalar_text


def test_a_change_computed_from_an_old_copy_is_refused(tmp_path):
    target = tmp_path / "r.yaml"
    target.write_text("kind: eum\n")
    first, second = read_office_file(target), read_office_file(target)
    write_office_file(first, "kind: eum\ncountry: A\n")
    with pytest.raises(UsageError, match="changed while sco was working on it"):
        write_office_file(second, "kind: eum\ncountry: B\n")
    assert target.read_text() == "kind: eum\ncountry: A\n"


def test_an_edit_of_the_same_size_and_time_is_still_seen(tmp_path):
    target = tmp_path / "r.yaml"
    target.write_text("kind: eum\ncountry: A\n")
    snapshot = read_office_file(target)
    target.write_text("kind: eum\ncountry: B\n")
    os.utime(target, ns=(snapshot.mtime_ns, snapshot.mtime_ns))  # the hash tells them apart
    with pytest.raises(UsageError, match="changed"):
        write_office_file(snapshot, "kind: eum\n")
    assert "country: B" in target.read_text()


def test_a_writer_waits_for_the_lock_and_then_sees_the_change(tmp_path):
    target = tmp_path / "r.yaml"
    target.write_text("kind: eum\n")
    snapshot = read_office_file(target)
    outcome: list[str] = []

    def write() -> None:
        try:
            write_office_file(snapshot, "kind: eum\ncountry: late\n")
            outcome.append("written")
        except UsageError as exc:
            outcome.append(str(exc))

    with open(target, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        worker = threading.Thread(target=write)
        worker.start()
        time.sleep(0.3)
        assert outcome == [] and target.read_text() == "kind: eum\n"  # waiting on the lock
        target.write_text("kind: eum\ncountry: edited\n")  # the other holder's change
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    worker.join(5)
    assert len(outcome) == 1 and "changed" in outcome[0]
    assert target.read_text() == "kind: eum\ncountry: edited\n"


def test_a_symlinked_file_is_written_through_the_link(tmp_path):
    real = tmp_path / "shared" / "eum.yaml"
    real.parent.mkdir()
    real.write_text("kind: eum\n")
    os.chmod(real, 0o640)
    link = tmp_path / "eum.yaml"
    link.symlink_to(real)
    write_office_file(read_office_file(link), "kind: eum\ncountry: A\n")
    assert link.is_symlink() and real.read_text() == "kind: eum\ncountry: A\n"
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_result_sco_would_refuse_is_never_written(tmp_path):
    target = tmp_path / "r.yaml"
    target.write_text("kind: eum\n")
    snapshot = read_office_file(target)
    with pytest.raises(UsageError, match="sco reads at most"):
        write_office_file(snapshot, "kind: eum\nnote: " + "x" * MAX_BYTES + "\n")
    with pytest.raises(UsageError, match="would not load") as refused:
        write_office_file(snapshot, "kind: eum\nkind: lor\n")
    assert "write that part in block style" in str(refused.value) and "\n" not in str(refused.value)
    assert target.read_text() == "kind: eum\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]  # no temporary file left


def test_a_new_file_is_created_once(tmp_path):
    target = tmp_path / "new" / "r.yaml"
    first, second = read_office_file(target), read_office_file(target)
    write_office_file(first, "kind: eum\n")
    with pytest.raises(UsageError, match="created by someone else"):
        write_office_file(second, "kind: eum\ncountry: B\n")
    assert target.read_text() == "kind: eum\n"


def test_the_byte_order_mark_is_kept(tmp_path):
    target = tmp_path / "r.yaml"
    target.write_bytes(b"\xef\xbb\xbfkind: eum\r\n")
    snapshot = read_office_file(target)
    assert snapshot.bom and snapshot.text == "kind: eum\r\n"
    write_office_file(snapshot, snapshot.text + "country: A\r\n")
    assert target.read_bytes() == b"\xef\xbb\xbfkind: eum\r\ncountry: A\r\n"


VERSION_1_1 = "%YAML 1.1\r\n---\r\nkind: eum   # long comment " + "x" * 150 + "\r\nmode: 0777\r\nflags: [NO, ON]\r\n"


def test_edits_leave_every_other_line_as_written():
    edit = TextEdit(
        VERSION_1_1
        + "when: 2026-01-01 10:00:00\r\narticles:\r\n    -   description: x\r\n        serials:\r\n"
        + "        inventories: []\r\n"
    )
    edit.put(("articles", 0), "serials", ["000123", "0x1F", "yes"])
    edit.append(("articles", 0, "inventories"), [{"date": date(2026, 1, 2), "serials": ["A"]}])
    edit.append(("articles",), [{"description": "Radio", "serials": ["B"]}])
    new = edit.result()
    assert new.startswith(VERSION_1_1 + "when: 2026-01-01 10:00:00\r\narticles:\r\n    -   description: x\r\n")
    assert "\n" not in new.replace("\r\n", "")  # the file's line ends throughout
    assert '"000123"' in new and '"0x1F"' in new and '"yes"' in new
    loaded = parse_document(new, "x")
    assert loaded.ok, loaded.findings
    assert loaded.data is not None
    article = loaded.data["articles"][0]
    assert article["serials"] == ["000123", "0x1F", "yes"]
    assert article["inventories"] == [{"date": "2026-01-02", "serials": ["A"]}]
    assert loaded.data["articles"][1] == {"description": "Radio", "serials": ["B"]}


def test_an_edit_that_would_replace_a_value_is_refused():
    edit = TextEdit("kind: eum\narticles:\n  - serials: S-1\n    inventories: {date: 2026-01-01}\n")
    with pytest.raises(EditRefused, match=r"articles\[0\]\.serials` is not a list"):
        edit.append(("articles", 0, "serials"), ["S-2"])
    with pytest.raises(EditRefused, match="already has a value"):
        edit.put(("articles", 0), "serials", ["S-2"])
    with pytest.raises(EditRefused, match="not a list"):
        edit.append(("articles", 0, "inventories"), [{"date": "2026-01-02"}])


text_values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(text_values)
def test_any_text_written_reads_back_as_the_same_text(value):
    edit = TextEdit("kind: eum\nitems: [a]\n")
    edit.append(("items",), [value])
    edit.put((), "note", value)
    loaded = parse_document(edit.result(), "x")
    assert loaded.ok and loaded.data is not None
    assert loaded.data["items"] == ["a", value] and loaded.data["note"] == value
    assert scalar_text(value)  # never an empty plain scalar (that would read as null)


STYLES = ("plain", "'single'", '"double"')


@settings(max_examples=300, deadline=None)
@given(text_values, st.sampled_from(STYLES), st.booleans())
def test_a_value_replaced_reads_back_and_nothing_else_moves(value, style, crlf):
    """`replace` (sco check --fix): any text written in place of a plain, single- or double-quoted value,
    in a block or a flow mapping, reads back as that text; the key, the comment after the value and every
    other line stay byte for byte."""
    old = {"plain": "aproved", "'single'": "'aproved'", '"double"': '"aproved"'}[style]
    end = "\r\n" if crlf else "\n"
    text = end.join(["kind: eum  # head", f"status: {old}   # keep", f"flow: {{a: {old}, b: 1}}", "tail: x", ""])
    edit = TextEdit(text)
    edit.replace_value(("status",), value)
    edit.replace_value(("flow", "a"), value)
    new = edit.result()
    loaded = parse_document(new, "x")
    assert loaded.ok and loaded.data is not None
    assert loaded.data["status"] == value and loaded.data["flow"] == {"a": value, "b": 1}
    lines, new_lines = text.split(end), new.split(end)
    assert len(new_lines) == len(lines)
    assert new_lines[0] == lines[0] and new_lines[3:] == lines[3:]
    assert new_lines[1].startswith("status: ") and new_lines[1].endswith("   # keep")
    if style != "plain" and "\\" not in new_lines[1]:
        assert new_lines[1][8] == old[0]  # quoted text stays in its own quotes when they can write it


def test_replace_refuses_what_it_cannot_write_in_place():
    edit = TextEdit("a:\n  b: 1\nc: |\n  two\n  lines\nd: [1]\n")
    with pytest.raises(EditRefused, match="not a single value"):
        edit.replace_value(("a",), "x")
    with pytest.raises(EditRefused, match="several lines"):
        edit.replace_value(("c",), "x")
    with pytest.raises(EditRefused, match="not a single value"):
        edit.replace_value(("z",), "x")
    edit.replace_value(("d", 0), 2)
    with pytest.raises(EditRefused, match="written twice"):
        edit.replace_value(("d", 0), 3)
    assert edit.result() == "a:\n  b: 1\nc: |\n  two\n  lines\nd: [2]\n"
