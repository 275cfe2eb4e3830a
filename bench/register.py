"""A large forecast register through the loader and the engine (issue 19.2): `sco check` and
`sco javits report --format json` of one register of N entries and of 4N, in three states:

- `whole`: every entry readable;
- `one`: one entry lacks its required `probability` (the entry is left out, the others read);
- `half`: every other entry lacks it (half the register left out: the pruning must stay linear).

    python bench/register.py [--entries 10000] [--rounds 3]

Each run is a fresh `sco` process (start-up, about 0.3 s, is in every figure); the figures are the best
and median wall time, the least CPU time (user and system, the steadier figure on a shared machine) and
the largest resident memory. A linear engine takes about 4x the time for 4x the entries."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import measure  # the sibling script

STATES = ("whole", "one", "half")


def _broken(index: int, count: int, state: str) -> bool:
    if state == "one":
        return index == count // 2
    return state == "half" and index % 2 == 1


def make_register(path: Path, count: int, state: str) -> None:
    """A register of `count` entries, some without `probability` as `state` says."""
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("kind: forecast\ncountry: Republic of Examplestan\nentries:\n")
        for index in range(count):
            stream.write(
                f"  - id: F-{index:06d}\n"
                f"    description: Coastal patrol boat {index}\n"
                "    channel: fms\n"
                f"    mde_usd: {(index % 20) * 1_000_000}\n"
                "    other_usd: 1,000,000\n"
                f"    expected_date: 2027-{index % 12 + 1:02d}-15\n"
            )
            if not _broken(index, count, state):
                stream.write("    probability: 0.95\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for count in (options.entries, options.entries * 4):
            for state in STATES:
                register = Path(folder) / f"forecast-{count}-{state}.yaml"
                make_register(register, count, state)
                common = [str(register), "--as-of", "2026-12-06"]
                measure(f"check, {count:,} entries, {state}", options.rounds, ["check", *common, "--format", "json"])
                measure(
                    f"javits json, {count:,} entries, {state}",
                    options.rounds,
                    ["javits", "report", *common, "--year", "2027", "--format", "json"],
                )
                register.unlink()


if __name__ == "__main__":
    main()
