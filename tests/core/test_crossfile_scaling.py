"""Cross-file rules grow with the batch, not with its square (issue 13 point 1).

Not a timing test: it counts operations, which are the same on every machine and every run.

The batch. Every kind a cross-file rule joins is built in memory at size N, by copying the facts of
the shipped examples and changing what the rules join on: N LORs, a forecast register of N entries
(split into files of 100 entries), FMF budgets with N requirements and a baseline naming the LORs,
case files, N students with ITO numbers, training plans of N lines naming them, and N industry
visits. Each rule both fires and stays quiet in it, and it holds the skew that made rules quadratic:
a tenth of the students copied from one file with the same ITO number, and one student nominated on
a tenth of the plan lines, with as many courses.

The count. Every cross-file rule runs over the batch under `sys.settrace`, which is called for each
Python line executed (every turn of a loop, comprehension or generator included) and each call and
return: a rule that scans the register once per LOR executes a line per entry per LOR. Work in C that
runs no Python line, such as joining a list of names into each message, is counted as what it
produces: the characters of the messages and hints the rules write (a message naming every register
file, once per LOR, is quadratic output). For 8x the batch each count may grow at most 10x (linear
is 8x), rule by rule. Before the indexes, five rules grew 15x to 63x here (TPL010's lines 14.6x,
FCS005's, BUD016's and FCS003's characters 30x, 37x and 45x, ITO015's lines 48x and characters 63x);
after, every rule grows 8.0x to 8.3x."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sco_cli.app.catalogue import all_rules
from sco_cli.core import registry
from sco_cli.core.pipeline import CheckOptions, check_paths
from sco_cli.core.results import FileResult
from sco_cli.kinds import KINDS
from tests.helpers import AS_OF, EXAMPLES, findings_of

SMALL, LARGE = 1_000, 8_000
GROWTH_ALLOWED = 10  # for 8x the batch: linear is 8x, a scan per item 64x
PER_FILE = 100  # register entries, budget requirements and plan lines per file


@cache
def templates() -> dict[str, FileResult]:
    """One checked example file of each kind the batch copies (facts, anchors, thresholds)."""
    wanted = {
        "lor": "lor-complete.yaml",
        "forecast": "forecast.yaml",
        "budget": "budget-fmf.yaml",
        "case": "XS-P-SAB.yaml",
        "student": "ready.yaml",
        "training_plan": "training-plan.yaml",
        "industry_visit": "acme-defense.yaml",
    }
    report = check_paths([str(EXAMPLES)], KINDS, CheckOptions(date.fromisoformat(AS_OF)))
    found = {r.kind: r for r in report.files if r.kind in wanted and r.path.endswith(wanted[r.kind])}
    assert set(found) == set(wanted), f"examples missing: {set(wanted) - set(found)}"
    return found


def copy_of(kind: str, path: str, **facts: Any) -> FileResult:
    template = templates()[kind]
    return FileResult(
        path, kind, facts={**template.facts, **facts}, anchors=template.anchors, thresholds=template.thresholds
    )


def lor_id(i: int) -> str:
    return f"XS-LOR-2026-{i:05}"


def student_name(i: int) -> str:
    return f"SURNAME{i}, Given"


def batch(n: int) -> list[FileResult]:
    """The batch of size n described above; `i % 10` decides what each item gets wrong."""
    assert n % PER_FILE == 0
    chunks = [range(start, start + PER_FILE) for start in range(0, n, PER_FILE)]
    results = []
    for i in range(n):  # LORs: half FMF-funded; some with an accepted LOA, with or without a case
        results.append(
            copy_of(
                "lor",
                f"lor-{i:05}.yaml",
                id=lor_id(i),
                funding="fmf" if i % 2 == 0 else "national",
                loa_accepted="2026-10-01" if i % 4 == 1 else None,
                case=f"XS-C-{i:05}" if i % 8 == 1 else None,
                cta_required=i % 32 == 1,  # CAS012 for the case of LOR i
            )
        )
    results += [
        copy_of("case", f"case-{i:05}.yaml", id=f"XS-C-{i:05}", lor=[lor_id(i)], documents=["lor"])
        for i in range(1, n, 16)
    ]
    entry = templates()["forecast"].facts["entries"]["F-02"]  # the entry of lor-complete.yaml
    for number, chunk in enumerate(chunks):
        entries = {
            f"F-{i:05}": {
                **entry,
                "index": j,
                "line": 9 + 10 * j,
                "lor_id": lor_id(i) if i % 10 != 3 else None,  # FCS003 for LOR i
                "mde_usd": 9_000_000 if i % 10 == 7 else entry["mde_usd"],  # FCS004, FCS005
            }
            for j, i in enumerate(chunk)
        }
        results.append(copy_of("forecast", f"forecast-{number:03}.yaml", entries=entries))
    requirement = templates()["budget"].facts["requirements"][1]  # the HF radios: $2,515,000
    for number, chunk in enumerate(chunks):
        requirements = [
            {
                **requirement,
                "title": f"Requirement {i}",
                "line": 21 + 17 * j,
                "forecast_entry": f"F-{i:05}" if i % 10 != 5 else None,  # FCS005
            }
            for j, i in enumerate(chunk)
        ]
        baseline = [{"id": f"BL-{number}", "line": 58, "lors": [lor_id(i) for i in chunk if i % 10 != 2]}]  # BUD016
        results.append(copy_of("budget", f"budget-{number:03}.yaml", requirements=requirements, baseline=baseline))
    for i in range(n):  # students: a tenth share one ITO number (ITO015); student 1 has n/10 courses
        courses = [{"masl": f"M{i:05}", "start": "2027-01-19", "end": "2027-05-28"}]
        if i == 1:
            courses = [{"masl": f"P{k:05}", "start": "2027-01-19", "end": "2027-05-28"} for k in range(n // 10)]
        if i % 10 == 2:  # a course of the ended FY2026 that no plan line stands for (TPL015)
            courses.append({"masl": "U000000", "start": "2026-01-19", "end": "2026-05-28"})
        results.append(
            copy_of(
                "student",
                f"student-{i:05}.yaml",
                student=student_name(i),
                ito_number=f"XS-P-IMT-2027-{i:05}" if i % 10 else "XS-P-IMT-2027-COPY",
                program="imet",
                courses=courses,
            )
        )
    for number, chunk in enumerate(chunks):  # plan lines naming the students (TPL010)
        lines = []
        for j, i in enumerate(chunk):
            name, masl, start = student_name(i), f"M{i:05}", "2027-01-19"
            if i % 10 == 4:
                name = f"NOBODY{i}, Given"  # no student file
            elif i % 10 == 6:
                name, masl = student_name(1), f"P{i // 10:05}"  # the much-nominated student
                start = "2027-02-01" if i % 20 == 6 else start  # half of them on another date
            elif i % 10 == 8:
                masl = "X000000"  # a course the student file does not list
            lines.append(
                {
                    "fiscal_year": 2027,
                    "index": j,
                    "line": 38 + 12 * j,
                    "label": f"FY2027 line {j + 1} (Course {i})",
                    "masl": masl,
                    "funding": "fms" if i % 10 == 9 else "imet",
                    "start": start,
                    "status": "cancelled" if i % 10 == 1 else "confirmed",
                    "nominees": [{"name": name, "line": 49 + 12 * j}],
                }
            )
        results.append(copy_of("training_plan", f"plan-{number:03}.yaml", lines=lines))
    for i in range(n):  # industry visits: half share a capability with another firm (IND004)
        capability = f"capability {i // 4}" if i % 4 < 2 else f"niche {i}"
        results.append(copy_of("industry_visit", f"visit-{i:05}.yaml", company=f"Firm {i}", capability=capability))
    return results


@dataclass
class Cost:
    lines: int = 0  # Python lines executed, calls and returns (sys.settrace events)
    written: int = 0  # characters of the messages and hints
    findings: int = 0


def rule_phase_cost(results: list[FileResult]) -> dict[str, Cost]:
    """Each cross-file rule over `results`, as the pipeline runs them, with what it cost."""
    events = 0

    def count(frame: Any, event: str, arg: Any) -> Any:
        nonlocal events
        events += 1
        return count

    costs: dict[str, Cost] = {}
    previous = sys.gettrace()  # a coverage tool's tracer, put back afterwards
    sys.settrace(count)
    try:
        for rule in registry.batch_rules({r.kind for r in results if r.kind}):
            assert rule.across is not None
            cost = costs[rule.code] = Cost()
            before = events
            for problem in rule.across(results):
                cost.findings += 1
                cost.written += len(problem.message) + len(problem.hint)
            cost.lines = events - before
    finally:
        sys.settrace(previous)
    return costs


def test_cross_file_rules_grow_linearly():
    cross_file = {code for code, rule in all_rules().items() if rule.across is not None}
    small, large = rule_phase_cost(batch(SMALL)), rule_phase_cost(batch(LARGE))
    assert set(small) == set(large) == cross_file, "a cross-file rule is not exercised: add its kind to batch()"
    too_fast = []
    for code in sorted(cross_file):
        assert small[code].findings and large[code].findings > small[code].findings, f"{code} never fires"
        for measure in ("lines", "written"):
            growth = getattr(large[code], measure) / max(1, getattr(small[code], measure))
            if growth > GROWTH_ALLOWED:
                too_fast.append(f"{code} {measure}: {growth:.1f}x for {LARGE // SMALL}x the batch")
    assert not too_fast, "; ".join(too_fast)


def test_a_message_names_ten_files_and_counts_the_rest(sco, tmp_path):
    """13 copies of one student file: each finding names 10 of the 12 others and counts 2, so
    8,000 copies would give 8,000 one-line findings, not 8,000 lists of 7,999 names."""
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    for i in range(13):
        (tmp_path / f"student-{i:02}.yaml").write_text(text)
    code, payload = sco.json("student", "check", str(tmp_path), "--as-of", AS_OF)
    assert code == 1
    messages = [f["message"] for f in findings_of(payload) if f["code"] == "ITO015"]
    assert len(messages) == 13
    first = str(tmp_path / "student-00.yaml")
    others = ", ".join(str(tmp_path / f"student-{i:02}.yaml") for i in range(1, 11))
    assert messages[0] == f"ITO XS-P-IMT-2027-0101 is also recorded for {others} and 2 more"
    assert first not in messages[0] and all(first in m for m in messages[1:])


def test_an_lor_missing_from_a_split_register_names_ten_register_files(sco, tmp_path):
    register = (EXAMPLES / "forecast.yaml").read_text()
    for i in range(12):
        (tmp_path / f"forecast-{i:02}.yaml").write_text(register.replace("F-0", f"F-{i:02}-"))
    (tmp_path / "lor.yaml").write_text((EXAMPLES / "lor-flawed.yaml").read_text())
    code, payload = sco.json("check", str(tmp_path), "--as-of", AS_OF)
    assert code == 1
    [message] = [f["message"] for f in findings_of(payload) if f["code"] == "FCS003"]
    named = ", ".join(f"{tmp_path / f'forecast-{i:02}.yaml'}:5" for i in range(10))
    assert message == f"LOR XS-LOR-2026-021 has no entry in the forecast register ({named} and 2 more)"
