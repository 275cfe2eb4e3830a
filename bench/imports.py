"""Imports at scale: `sco eum import` of a 10,000- and a 40,000-row export (three register lines): a dry
run, the import into a new register, and the same table again (every serial matched, nothing to change);
`--inventory` scans of one article with 1k, 4k and 10k serials (it was quadratic: 1k -> 4k took 7.8x to
8.7x the time), and
the table importer (core/table_import.py) through `sco case import` and `sco student import` at 2,500,
10,000 and 40,000 rows: a dry run (read and plan), the import into a new folder (one file per record),
and the same table again into the filled folder (every record matched, nothing to change).

    python bench/imports.py [--rows 10000,40000] [--rounds 3] [--tables 2500,10000,40000] [--table-rounds 1]
    python bench/imports.py --only-tables --tables '' --training 2500,10000,40000   # sco training import

Each run is a fresh `sco` process; the figures are the best and median wall time over the rounds and the
largest resident memory of a run (the child's ru_maxrss). A linear import takes about 4x the time for 4x
the serials; the start-up (about 0.3 s) is in every figure."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import measure  # the sibling script


def _export(path: Path, rows: int, prefix: str) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("Serial Number;Nomenclature;Case;Storage Site\n")
        for i in range(rows):
            stream.write(f"{prefix}-{i:06d};AN/PVS-14 night vision monocular;XS-B-ZAC;Site {i % 3}\n")


ROSTER_HEADER = (
    "ITO Number,ITO Date,Program,IMET FY,FMS Case,Surname,Given Names,Middle Names,Sex,Rank,US Equivalent Rank,"
    "Service,Service Number,Date of Birth,Place of Birth,Passport Number,Passport Expiration,Citizenship,Visa,"
    "MASL,Course Title,Course Location,Course Start,Course End"
)


def _roster(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(ROSTER_HEADER + "\n")
        for i in range(rows):
            stream.write(
                f"XS-P-IMT-2027-{i:05d},11/20/2026,IMET,2027,,Tamm{i},Lina,Maria,F,Captain,O-3,Examplestan Navy,"
                f'XS-N-{i:06d},4/17/1991,"Sandport, Republic of Examplestan",XS{i:07d},6/30/2031,'
                "Republic of Examplestan,,P179087,International Maritime Staff Officer Course,"
                '"Naval Station Newport, Rhode Island",1/19/2027,6/11/2027\n'
            )


def _extract(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("Case,Status,Offer Date,Offer Expiration,Value\n")
        for i in range(rows):
            stream.write(f'XS-B-{i:06d},Offered,10/30/2026,1/23/2027,"${(i + 1) * 1000:,}"\n')


def _tables(root: Path, sizes: list[int], rounds: int, write_limit: int) -> None:
    import shutil

    for command, make in (("case", _extract), ("student", _roster)):
        for size in sizes:
            table = root / f"{command}-{size}.csv"
            make(table, size)
            folder = root / f"{command}-{size}"

            def empty(folder: Path = folder) -> None:
                shutil.rmtree(folder, ignore_errors=True)

            args = [command, "import", str(table), "--into", str(folder), "--as-of", "2026-12-06"]
            measure(f"{command} import, {size:,} rows, dry run", rounds, [*args, "--dry-run"], empty)
            if size > write_limit:  # writing is one fsync'd file per record: linear by construction
                continue
            measure(f"{command} import, {size:,} rows, new folder", rounds, args, empty)
            measure(f"{command} import, {size:,} rows, again (no change)", rounds, args)
            empty()
            table.unlink()


FMT_HEADER = "Country,Program,Course Title,US Unit,Student Unit,Start Date,End Date,Location,Quantity,Total Cost"
COUNTRY = "Republic of Examplestan"


def _fmt_table(path: Path, rows: int, countries: int) -> None:
    """An FMT report table (sco training fmt's columns) of `countries` countries, the plan's every
    `countries`-th row; programs, dates and costs as the report prints them."""
    names = [COUNTRY, *(f"Country {n:02d}" for n in range(1, countries))]
    programs = ("IMET-1", "FMF", "Section 333", "PKO")
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(FMT_HEADER + "\n")
        for i in range(rows):
            day = 1 + i % 28
            stream.write(
                f'{names[i % countries]},{programs[i % 4]},Course {i:06d},Unit {i % 7},"Brigade {i % 11}, Army",'
                f'1/{day}/2027,2/{day}/2027,"Base {i % 5}, Texas",{1 + i % 9},"${(i + 1) * 1000:,}"\n'
            )


def _training(root: Path, sizes: list[int], rounds: int) -> None:
    """`sco training import` into one plan: the published report's table of 20 countries (the plan's
    rows, one in 20, imported; the others counted), and tables of the plan's country alone up to what
    one plan file holds (5 MiB: about 8,000 lines with their provenance; 6,000 of these)."""
    plan = root / "plan.yaml"

    def fresh() -> None:
        plan.write_text(f"kind: training_plan\ncountry: {COUNTRY}\ncurrent_fiscal_year: 2027\n")

    for countries, counts in ((20, sizes), (1, [n * 3 // 20 for n in sizes if n * 3 // 20 <= 6_000])):
        for size in counts:
            table = root / f"fmt-{countries}-{size}.csv"
            _fmt_table(table, size, countries)
            args = ["training", "import", str(table), "--into", str(plan), "--fy", "2027", "--as-of", "2026-12-06"]
            label = f"training import, {size:,} rows of {countries} countr{'ies' if countries > 1 else 'y'}"
            measure(f"{label}, dry run", rounds, [*args, "--dry-run"], fresh)
            measure(f"{label}, new lines", rounds, args, fresh)
            measure(f"{label}, again (no change)", rounds, args)
            table.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="10000,40000", help="row counts for eum import")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tables", default="2500,10000,40000", help="row counts for case and student import")
    parser.add_argument("--table-rounds", type=int, default=1)
    parser.add_argument("--only-tables", action="store_true", help="skip the eum figures")
    parser.add_argument("--write-limit", type=int, default=40_000, help="larger tables are only dry-run")
    parser.add_argument("--training", default="", help="row counts for training import (e.g. 2500,10000,40000)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if options.tables:
            sizes = [int(n) for n in options.tables.split(",")]
            _tables(Path(folder), sizes, options.table_rounds, options.write_limit)
        if options.training:
            sizes = [int(n) for n in options.training.split(",")]
            _training(Path(folder), sizes, options.table_rounds)
        if options.only_tables:
            return
        root = Path(folder)
        register = root / "eum.yaml"
        for rows in (int(n) for n in options.rows.split(",")):
            export = root / f"export-{rows}.csv"
            _export(export, rows, "SN")

            def fresh() -> None:
                register.unlink(missing_ok=True)

            args = ["eum", "import", str(export), "--into", str(register), "--as-of", "2026-12-06"]
            measure(f"eum import, {rows:,} rows, dry run", options.rounds, [*args, "--dry-run"], fresh)
            measure(f"eum import, {rows:,} rows, new register", options.rounds, args, fresh)
            measure(f"eum import, {rows:,} rows, again (no change)", options.rounds, args)
            fresh()
        for count in (1_000, 4_000, 10_000):
            scan_register = root / f"r{count}.yaml"
            scan = root / f"scan{count}.csv"
            serials = [f"CLU-{i:06d}" for i in range(count)]
            text = "kind: eum\narticles:\n  - description: Javelin\n    enhanced: true\n    serials:\n"
            base = text + "".join(f"      - {s}\n" for s in serials)
            scan.write_text("serial\n" + "\n".join(serials) + "\n")

            def reset(path: Path = scan_register, content: str = base) -> None:
                path.write_text(content)

            measure(
                f"eum import --inventory, {count:,} serials",
                options.rounds,
                ["eum", "import", str(scan), "--into", str(scan_register), "--inventory", "2026-11-22"],
                reset,
            )
    print(f"(python {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
