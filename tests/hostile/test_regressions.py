"""One test per item of the hostile-testing issue: each broke sco once (exit 3, a hang, a changed
value, a leaked passport number) and must not again. Signals are in tests/test_signals.py."""

from __future__ import annotations

import builtins
import contextlib
import errno
import json
import os
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES, findings_of

CASES = Path(__file__).resolve().parent / "cases"
READY = (EXAMPLES / "students" / "ready.yaml").read_text()


def _office(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text())
    return folder


def _student(folder: Path, name: str, old: str = "", new: str = "") -> Path:
    path = folder / name
    path.write_text(READY.replace(old, new, 1) if old else READY)
    return path


def _codes_at(payload: dict, name: str) -> list[tuple[str, int]]:
    files = [file for file in payload["files"] if file["path"].endswith(name)]
    return [(f["code"], f["line"]) for file in files for f in file["findings"]]


# 1. A date out of range is a finding at its line; the rest of the folder is still checked.
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("rso: 2026-10-20", "rso: 9999-12-31"),
        ("arrival: 2027-01-08", "arrival: 0001-01-05"),
        ("issue_date: 2026-11-20", "issue_date: 0001-01-15"),
    ],
)
def test_an_absurd_date_is_a_finding_and_the_batch_goes_on(sco, tmp_path, old, new):
    line = READY[: READY.index(old)].count("\n") + 1
    folder = _office(tmp_path / "office")
    for index in range(6):
        _student(folder, f"good-{index}.yaml", "XS-P-IMT-2027-0101", f"XS-P-IMT-2027-010{index + 2}")
    _student(folder, "bad.yaml", old, new)
    code, payload = sco.json("check", folder, "--as-of", AS_OF)
    assert code == 1
    assert len(payload["files"]) == 8  # the office, six good students, the bad one
    assert ("GEN009", line) in _codes_at(payload, "bad.yaml")
    assert all(not _codes_at(payload, f"good-{index}.yaml") for index in range(6))


# 2. Identifiers keep the exact text of the file.
@pytest.mark.parametrize("number", ["00420101", "0x4821937", "1e5", "0o17"])
def test_an_ito_number_keeps_its_text(sco, tmp_path, number):
    folder = _office(tmp_path / "office")
    source = _student(folder, "s.yaml", "number: XS-P-IMT-2027-0101", f"number: {number}")
    result = sco("ito", "generate", source, "-o", tmp_path / "out", "--format", "md", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / f"ITO-{number}.md"
    assert written.is_file()
    assert number in written.read_text()


def test_a_lor_id_and_reference_keep_their_text(sco, tmp_path):
    _office(tmp_path)
    lor = tmp_path / "lor.yaml"
    text = (EXAMPLES / "lor-complete.yaml").read_text()
    text = text.replace("id: XS-LOR-2026-014", "id: 0014").replace("reference: MOD/PROC/2026/0417", "reference: 0x1F")
    lor.write_text(text)
    _code, payload = sco.json("lor", "check", lor, "--as-of", AS_OF)
    assert payload["files"][0]["facts"]["id"] == "0014"


# 4. Values of personal fields never appear, in any format.
@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_no_personal_value_in_any_format(sco, tmp_path, fmt):
    folder = _office(tmp_path / "office")
    for case in CASES.glob("04-*.yaml"):
        (folder / case.name).write_bytes(case.read_bytes())
    result = sco("student", "check", folder, "--format", fmt, "--as-of", AS_OF)
    assert result.exit_code == 1
    for secret in ("ZQ7734519", "ZQ7", "1987-03-14", "2015-05-06", "2027-02-03", "2026-07-13", "active TB"):
        assert secret not in result.output
    assert "not shown: personal data" in result.output


def test_a_key_that_may_be_personal_is_not_named(sco, tmp_path):
    _office(tmp_path)
    source = _student(tmp_path, "s.yaml", "passport:\n  number: XS4821937", "passport:\n  XS4821937: x\n  number: X1")
    result = sco("check", source, "--as-of", AS_OF)
    assert "XS4821937" not in result.output
    assert "unknown field (not shown: it may be personal data)" in result.output


# 5. Huge and odd numbers: findings at their lines.
@pytest.mark.parametrize(
    ("case", "code", "line"),
    [
        ("05-amount-1e999999999.yaml", "GEN009", 25),
        ("05-amount-4400-digits.yaml", "GEN009", 25),
        ("05-quantity-4301-digits.yaml", "GEN009", 24),
        ("05-amount-inf-nan.yaml", "GEN009", 32),
        ("05-negative-and-huge.yaml", "GEN009", 24),
    ],
)
def test_odd_numbers_are_findings_at_their_line(sco, tmp_path, case, code, line):
    _office(tmp_path)
    (tmp_path / case).write_bytes((CASES / case).read_bytes())
    exit_code, payload = sco.json("check", tmp_path / case, "--as-of", AS_OF)
    assert exit_code == 1
    assert (code, line) in _codes_at(payload, case)


def test_odd_office_thresholds_are_findings_each_at_its_line(sco, tmp_path):
    (tmp_path / "sco.yaml").write_bytes((CASES / "office-05-thresholds-odd.yaml").read_bytes())
    _student(tmp_path, "s.yaml")
    exit_code, payload = sco.json("check", tmp_path, "--as-of", AS_OF)
    assert exit_code == 1
    [office_file] = [file for file in payload["files"] if file["path"].endswith("sco.yaml")]
    office = {f["field"]: (f["code"], f["line"]) for f in office_file["findings"] if f["code"] != "CUI002"}
    assert office == {
        "thresholds.foreign_clearance_lead_days": ("GEN009", 30),  # .inf
        "thresholds.medical_validity_months": ("GEN009", 31),  # 1.5
        "thresholds.notification_36b_mde_usd": ("GEN009", 32),  # .nan
        "thresholds.notification_36b_total_usd": ("GEN009", 33),  # 1e20
        "thresholds.forecast_probability_min": ("GEN009", 34),  # true
        "thresholds.arrival_notice_days_accompanied": ("GEN009", 35),  # 10.5
        "thresholds.javits_mde": ("GEN008", 37),  # a typo; javits_mde_usd: 7M on line 36 is right
    }


# 6. 100,000 bad items: every one counted, the first 200 described, the rest summed up (GEN018).
def test_a_hundred_thousand_bad_items_are_counted_not_listed(sco, tmp_path):
    source = tmp_path / "lor.yaml"
    source.write_text("kind: lor\nid: X\nitems:\n" + "  - {quantity: x}\n" * 100_000)
    exit_code, payload = sco.json("check", source, "--as-of", AS_OF)
    assert exit_code == 1
    listed = findings_of(payload)
    [more] = [finding for finding in listed if finding["code"] == "GEN018"]
    assert len(listed) == 201
    assert payload["summary"]["errors"] >= 200_000  # a bad quantity and a missing description per item
    assert "more findings not listed" in more["message"]


# 7. What cannot be read is a finding for that path; the rest of the batch goes on.
def test_an_unreadable_file_is_a_finding_and_the_batch_goes_on(sco, tmp_path):
    folder = _office(tmp_path / "office")
    _student(folder, "good.yaml")
    (folder / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    exit_code, payload = sco.json("student", "check", folder, "--as-of", AS_OF)
    assert exit_code == 1
    assert ("GEN019", 1) in _codes_at(payload, "dangling.yaml")
    assert any(file["path"].endswith("good.yaml") and file["kind"] == "student" for file in payload["files"])


def test_an_unreadable_office_file_is_a_finding(sco, tmp_path, monkeypatch):
    folder = _office(tmp_path / "office")
    _student(folder, "good.yaml")
    _refuse_to_open(monkeypatch, folder / "sco.yaml")
    exit_code, payload = sco.json("check", folder, "--as-of", AS_OF)
    assert exit_code == 1
    assert ("GEN019", 1) in _codes_at(payload, "sco.yaml")
    result = sco("ito", "generate", folder, "-o", tmp_path / "out", "--as-of", AS_OF)
    assert result.exit_code == 1 and "cannot read the file (Permission denied)" in result.output
    assert not (tmp_path / "out").exists()


def test_an_unreadable_folder_is_a_finding_not_a_silent_ok(sco, tmp_path, monkeypatch):
    folder = _office(tmp_path / "office")
    _student(folder, "good.yaml")
    locked = folder / "locked"
    locked.mkdir()
    _student(locked, "hidden-from-us.yaml")
    real_scandir = os.scandir

    def scandir(path=None):  # type: ignore[no-untyped-def]
        if path is not None and Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = sco("check", folder, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "locked:1:1: error GEN019 cannot read the file (Permission denied)" in result.output
    assert "good.yaml" not in result.output or "OK" not in result.output


def _refuse_to_open(monkeypatch: pytest.MonkeyPatch, refused: Path) -> None:
    """`chmod 000` for one file, even when the tests run as root (who reads anything)."""
    real_open, real_os_open = builtins.open, os.open

    def refuse(file: object) -> None:
        if isinstance(file, (str, os.PathLike)) and Path(file).resolve() == refused.resolve():
            raise PermissionError(errno.EACCES, "Permission denied", str(file))

    def fake_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        refuse(file)
        return real_open(file, *args, **kwargs)

    def fake_os_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        refuse(file)  # files sco reads are opened with os.open (O_NONBLOCK, core/files.py)
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)


# 8. Standard input is capped like a file.
def test_standard_input_is_capped(sco):
    exit_code, payload = sco.json("check", "-", input=b"kind: lor\n" + b"#" * (6 * 1024 * 1024))
    assert exit_code == 1
    [finding] = findings_of(payload)
    assert finding["code"] == "GEN004" and "more than 5,242,880 bytes" in finding["message"]


# 11. Office settings are validated like every file; an office finding is the office's, never a crash.
def test_an_agency_with_an_address_only_does_not_break_routing(sco, tmp_path):
    (tmp_path / "sco.yaml").write_bytes((CASES / "office-11-agency-without-action.yaml").read_bytes())
    lor = tmp_path / "lor.yaml"
    text = (EXAMPLES / "lor-complete.yaml").read_text()
    lor.write_text(text.replace("implementing_agency: army", "implementing_agency: coastguard"))
    result = sco("lor", "route", lor, "--as-of", AS_OF)
    assert result.exit_code in (0, 1, 2) and "internal error" not in result.output


@pytest.mark.parametrize("manual", [False, True])
def test_a_typo_in_the_office_file_is_the_office_s_finding(sco, tmp_path, manual):
    (tmp_path / "sco.yaml").write_bytes((CASES / "office-11-typo-field.yaml").read_bytes())
    source = _student(tmp_path, "s.yaml")
    args = ["ito", "generate", source, "-o", tmp_path / "out", "--as-of", AS_OF] + ["--manual"] * manual
    result = sco(*args)
    assert result.exit_code == 1, result.output
    assert "sco.yaml" in result.output and "GEN008" in result.output
    assert "student refused" not in result.output and "internal error" not in result.output


# 12. Names and paths.
def test_a_long_ito_number_gives_a_short_distinct_file_name(sco, tmp_path):
    folder = _office(tmp_path / "office")
    _student(folder, "a.yaml", "XS-P-IMT-2027-0101", "A" * 300)
    _student(folder, "b.yaml", "XS-P-IMT-2027-0101", "A" * 299 + "B")
    result = sco("ito", "generate", folder, "-o", tmp_path / "out", "--format", "md", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert len(names) == 2 and names[0] != names[1]
    assert all(len(name) <= 110 for name in names)


def test_ito_names_differing_only_in_case_do_not_collide(sco, tmp_path):
    folder = _office(tmp_path / "office")
    _student(folder, "a.yaml", "XS-P-IMT-2027-0101", "xs-p-imt-2027-0101")
    _student(folder, "b.yaml")
    sco("ito", "generate", folder, "-o", tmp_path / "out", "--format", "md", "--as-of", AS_OF)
    names = sorted(path.name.lower() for path in (tmp_path / "out").iterdir())
    assert len(names) == len(set(names)) == 2


def test_force_onto_a_folder_is_refused(sco, tmp_path):
    folder = _office(tmp_path / "office")
    source = _student(folder, "s.yaml")
    (tmp_path / "out" / "ITO-XS-P-IMT-2027-0101.docx").mkdir(parents=True)
    result = sco("ito", "generate", source, "-o", tmp_path / "out", "--force", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "is a folder" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_full_disk_is_one_line_and_leaves_nothing(sco, tmp_path, monkeypatch):
    folder = _office(tmp_path / "office")
    source = _student(folder, "s.yaml")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = sco("ito", "generate", source, "-o", tmp_path / "out", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr and "internal error" not in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("jobs", ["99999999999999999999", "1000"])
def test_absurd_job_counts_are_capped(sco, tmp_path, jobs):
    folder = _office(tmp_path / "office")
    _student(folder, "s.yaml")
    result = sco("ito", "generate", folder, "-o", tmp_path / "out", "-j", jobs, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output


def test_a_negative_job_count_is_a_usage_error(sco, tmp_path):
    assert sco("check", EXAMPLES, "-j", "-1").exit_code == 2


def test_workers_never_outnumber_the_cores_or_the_work():
    from sco_cli.core.pipeline import worker_count

    cores = os.cpu_count() or 1
    assert worker_count(10**20, 200) == min(cores, 200)
    assert worker_count(0, 3) == min(cores, 3)
    assert worker_count(5, 0) == 1


@pytest.mark.parametrize("command", [("lor", "route"), ("cta", "generate")])
def test_a_folder_with_no_lor_or_several_is_a_usage_error(sco, tmp_path, command):
    empty = _office(tmp_path / "empty")
    extra = ("-o", str(tmp_path / "cta.md")) if command[0] == "cta" else ()
    none = sco(*command, empty, *extra, "--as-of", AS_OF)
    assert none.exit_code == 2 and "no lor file" in none.stderr
    several = sco(*command, EXAMPLES, *extra, "--as-of", AS_OF)
    assert several.exit_code == 2 and "lor files; name one of them" in several.stderr
    assert not (tmp_path / "cta.md").exists()


# 14. Kinds in any case; a run that found nothing of what it was asked for fails.
def test_a_kind_in_capitals_is_checked_and_no_kind_is_said(sco, tmp_path):
    folder = _office(tmp_path / "office")
    _student(folder, "upper.yaml", "kind: student", "kind: STUDENT")
    _code, payload = sco.json("student", "check", folder, "--as-of", AS_OF)
    assert [file["kind"] for file in payload["files"] if file["path"].endswith("upper.yaml")] == ["student"]
    (folder / "upper.yaml").unlink()
    _student(folder, "none.yaml", "kind: student\n", "")
    result = sco("student", "check", folder, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "no student file found" in result.stdout and "GEN017" in result.stdout
    generated = sco("ito", "generate", folder, "-o", tmp_path / "out", "--as-of", AS_OF)
    assert generated.exit_code == 1 and "no student file (kind: student) found" in generated.stderr
    assert not (tmp_path / "out").exists()


# 15. Control characters in file names, keys and values are escaped on the terminal.
def test_escape_sequences_in_names_keys_and_values_are_escaped(sco, tmp_path):
    _office(tmp_path)
    source = tmp_path / "a\x1b[31mred.yaml"
    source.write_bytes((CASES / "15-escape-sequences.yaml").read_bytes())
    result = sco("check", tmp_path, "--as-of", AS_OF)
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "a\\x1b[31mred.yaml" in result.output


def test_json_keeps_the_exact_text_for_scripts(sco, tmp_path):
    """Escaping is for terminals; JSON carries the file's text, escaped by JSON itself."""
    _office(tmp_path)
    source = tmp_path / "a\x1b[31mred.yaml"
    source.write_text("kind: lor\nid: XS\n")
    result = sco("check", source, "--format", "json", "--as-of", AS_OF)
    assert "\x1b" not in result.stdout
    assert json.loads(result.stdout)["files"][0]["path"].endswith("a\x1b[31mred.yaml")


# Found by the hostile pass over the quick path (both parsers behaved the same, and wrongly).
def test_a_pipe_or_dangling_link_in_a_folder_is_a_finding_not_a_hang(sco, tmp_path):
    folder = _office(tmp_path / "office")
    os.mkfifo(folder / "pipe.yaml")  # reading it would wait for a writer forever
    (folder / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    _code, payload = sco.json("check", folder, "--as-of", AS_OF)
    unread = {Path(f["path"]).name: f["findings"][0]["message"] for f in payload["files"] if f["findings"]}
    assert unread == {
        "pipe.yaml": "cannot read the file (not a regular file)",
        "dangling.yaml": "cannot read the file (a link to nothing)",
    }


def test_an_empty_path_and_a_date_not_written_yyyy_mm_dd_are_usage_errors(sco, tmp_path):
    empty = sco("check", "")
    assert empty.exit_code == 2 and "an empty path" in empty.stderr  # not the current folder
    for written in ("20260101", "2026-W01-1"):  # date.fromisoformat takes both
        result = sco("check", EXAMPLES / "lor-complete.yaml", "--as-of", written)
        assert result.exit_code == 2 and f"--as-of {written}: not a date written YYYY-MM-DD" in result.stderr


def test_a_folder_tree_a_thousand_deep_is_walked_without_recursion(sco, tmp_path):
    """Issue 20: folders about 990 deep gave a RecursionError (exit 3), in the walk down and in the
    search up for sco.yaml."""
    folders = [str(tmp_path / "deep")]
    os.mkdir(folders[0])
    for _ in range(1000):
        folders.append(os.path.join(folders[-1], "d"))
        os.mkdir(folders[-1])
    lor = os.path.join(folders[-1], "lor.yaml")
    office = tmp_path / "deep" / "sco.yaml"
    try:
        with open(lor, "w") as stream:
            stream.write((EXAMPLES / "lor-complete.yaml").read_text())
        result = sco("check", tmp_path / "deep", "--as-of", AS_OF)  # no sco.yaml anywhere above
        assert result.exit_code == 0 and "1 file checked" in result.stdout, result.output
        office.write_text((EXAMPLES / "sco.yaml").read_text())
        result = sco("check", tmp_path / "deep", "--as-of", AS_OF)
        assert result.exit_code == 0 and "2 files checked" in result.stdout, result.output
    finally:  # pytest's own clean-up (shutil.rmtree) recurses and would fail on this tree
        for file in (lor, office):
            with contextlib.suppress(OSError):
                os.unlink(file)
        for folder in reversed(folders):
            os.rmdir(folder)
