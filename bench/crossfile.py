"""Cross-file rules against the size of the batch (issue 13 points 1 and 6).

    python bench/crossfile.py [--sizes 1000 2000 4000 8000] [--runs 5] [--shapes one split]

N generated LOR files checked together with a forecast register of N entries, in two shapes:

- `one`: the register is one file of N entries (how an office keeps it);
- `split`: the register is split into one file per entry (the worst case for a message that names
  the register files).

In both, one LOR in ten has no entry in the register (FCS003) and one in ten disagrees with its entry
(FCS004), so the rules both find and miss. For each size: the cross-file rule phase alone (every
cross-file rule over the checked batch, median of --runs), its ratio to the previous size (linear:
2x the files, about 2x the time; the target is at most ~4.5x for 4x the files), the whole
`check_paths` in this process (one run), and the floor it is compared to: PyYAML's CSafeLoader
loading the same files in this process (median of --runs; skipped, with a message, when PyYAML or
its libyaml binding is missing). Measured here, never asserted in tests: tests/test_crossfile_scaling.py
counts operations instead."""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sco_cli.core import registry
from sco_cli.core.pipeline import CheckOptions, check_paths
from sco_cli.core.results import FileResult
from sco_cli.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 24)
TEMPLATE_ID = "XS-LOR-2026-014"  # the id in examples/lor-complete.yaml

REGISTER_HEAD = "kind: forecast\ncountry: Republic of Examplestan\nprepared: 2026-11-16\nentries:\n"
ENTRY = """\
  - id: F-{index:05}
    description: AN/PRC-160 HF radios with training and spares
    quantity: 40
    lor_id: {lor_id}
    channel: fms
    implementing_agency: army
    mde_usd: {mde}
    other_usd: 2,515,000
    probability: 0.9
    expected_date: 2027-09-30
"""


def make_batch(folder: Path, count: int, shape: str) -> list[Path]:
    """`count` LORs and a register of `count` entries under `folder`; returns the files written."""
    lor = (ROOT / "examples" / "lor-complete.yaml").read_text()
    shutil.copy(ROOT / "examples" / "sco.yaml", folder / "sco.yaml")
    written = [folder / "sco.yaml"]
    entries = []
    for index in range(count):
        lor_id = f"XS-LOR-2026-{index:05}"
        path = folder / f"lor-{index:05}.yaml"
        path.write_text(lor.replace(TEMPLATE_ID, lor_id))
        written.append(path)
        named = lor_id if index % 10 != 3 else f"XS-LOR-2025-{index:05}"  # 1 in 10: not in the register
        mde = "0" if index % 10 != 7 else "9M"  # 1 in 10: the register's MDE disagrees with the LOR's
        entries.append(ENTRY.format(index=index, lor_id=named, mde=mde))
    if shape == "one":
        written.append(folder / "forecast.yaml")
        written[-1].write_text(REGISTER_HEAD + "".join(entries))
    else:
        for index, entry in enumerate(entries):
            written.append(folder / f"forecast-{index:05}.yaml")
            written[-1].write_text(REGISTER_HEAD + entry)
    return written


def rule_phase(files: list[FileResult]) -> int:
    """Every cross-file rule over the checked batch, as the pipeline runs them; returns the findings."""
    found = 0
    for rule in registry.batch_rules({r.kind for r in files if r.kind}):
        assert rule.across is not None
        for _problem in rule.across(files):
            found += 1
    return found


def median_s(work: Callable[[], object], runs: int) -> float:
    """Median wall time of `work`, with the garbage collector off while it runs (as `timeit` does):
    a collection of the whole checked batch would otherwise land in whichever run it falls on."""
    samples = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            work()
            samples.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(samples)


def floor_loader() -> Callable[[list[Path]], None] | None:
    """PyYAML's C loader over the same files, or None (with a message) when it is not installed."""
    try:
        import yaml

        loader = yaml.CSafeLoader
    except (ImportError, AttributeError):
        print("floor skipped: PyYAML with libyaml is not installed (pip install pyyaml; yaml.CSafeLoader)")
        return None

    def load_all(paths: list[Path]) -> None:
        for path in paths:
            yaml.load(path.read_bytes(), Loader=loader)  # the C safe loader

    return load_all


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shapes", nargs="+", choices=["one", "split"], default=["one", "split"])
    args = parser.parse_args()
    floor = floor_loader()
    header = (
        f"{'register':<8} {'LORs':>6} {'files':>6} {'rules s':>9} {'x prev':>7} "
        f"{'check s':>8} {'floor s':>8} {'x floor':>8} {'findings':>9}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as scratch:
        warm = Path(scratch) / "warm-up"
        warm.mkdir()
        make_batch(warm, 20, "one")
        check_paths([str(warm)], KINDS, CheckOptions(AS_OF))  # imports and validators built once, not timed
        for shape in args.shapes:
            previous = None
            for count in args.sizes:
                folder = Path(scratch) / f"{shape}-{count}"
                folder.mkdir()
                written = make_batch(folder, count, shape)
                start = time.perf_counter()
                report = check_paths([str(folder)], KINDS, CheckOptions(AS_OF))
                whole = time.perf_counter() - start
                rules = median_s(lambda files=report.files: rule_phase(files), args.runs)
                findings = rule_phase(report.files)
                floor_s = median_s(lambda paths=written: floor(paths), args.runs) if floor else None
                print(
                    f"{shape:<8} {count:>6} {len(written):>6} {rules:>9.4f} "
                    f"{(f'{rules / previous:.2f}x' if previous else '-'):>7} {whole:>8.2f} "
                    f"{(f'{floor_s:.2f}' if floor_s else '-'):>8} "
                    f"{(f'{whole / floor_s:.1f}x' if floor_s else '-'):>8} {findings:>9}"
                )
                previous = rules
                shutil.rmtree(folder)


if __name__ == "__main__":
    main()
