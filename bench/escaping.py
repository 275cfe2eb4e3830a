"""A long value escaped for Markdown and written as a document (issue 20 point 5): the cost must grow
at most linearly with the value, and 2 MB must take well under a second to escape.

    python bench/escaping.py [--sizes 0.5,1,2,4] [--rounds 3] [--commands]

1. With `--commands`, `sco ito generate` of a student whose place of birth is N million `<`, each a
   fresh process: through an office's own template (`{{ student.place_of_birth }}`, a paragraph) and
   through the built-in data sheet (a table cell), in Markdown and Word. Best wall time, least CPU time
   and peak resident memory (bench/processes.py). These run first: a child's peak memory starts from
   this process's size when it was started.
2. `md_escape` in this process on values of N million characters made of what escaping doubles (`<`),
   of a mark it leaves alone but Markdown reads (`-`), and of a mixed text: best time of the rounds,
   the time per million characters (flat when linear) and the peak of memory allocated (tracemalloc).

For a before/after, run it from outside any checkout with PYTHONPATH pointing at the other one (the
current folder comes first on the path of `python -m sco_cli`). Figures are printed, never
asserted (timings live here, not in the tests)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import measure  # the sibling script

AS_OF = "2026-11-24"
VALUES = {
    "'<' * N": lambda size: "<" * size,
    "'-' * N": lambda size: "-" * size,
    "mixed": lambda size: ("R&D <phase 2> | a_b *c* [d] `e` #f ~g \\h &amp; " * (size // 44 + 1))[:size],
}


def escaping(sizes: list[float], rounds: int) -> None:
    from sco_cli.core.markup import md_escape

    for name, make in VALUES.items():
        for millions in sizes:
            value = make(int(millions * 1_000_000))
            best = float("inf")
            for _ in range(rounds):
                started = time.perf_counter()
                md_escape(value)
                best = min(best, time.perf_counter() - started)
            tracemalloc.start()
            md_escape(value)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"md_escape {name:<8} {millions:4g} M chars   best {best:7.3f} s   "
                f"{best / millions:6.3f} s per M   peak {peak / 2**20:6.1f} MiB",
                flush=True,
            )


def examples() -> Path:
    from sco_cli.core.output import resource_dir

    return resource_dir("examples")


def student_folder(folder: Path, size: int, office_template: bool) -> list[str]:
    """An office whose student's place of birth is `size` times `<`; the command line of its ITO."""
    sco_yaml = (examples() / "sco.yaml").read_text()
    if office_template:
        sco_yaml += "templates: tpl\n"
        (folder / "tpl").mkdir()
        (folder / "tpl" / "ito-data-sheet.md.j2").write_text("{{ student.place_of_birth }}\n")
    (folder / "sco.yaml").write_text(sco_yaml)
    text = (examples() / "students" / "ready.yaml").read_text()
    before = "place_of_birth: Sandport, Republic of Examplestan"
    assert before in text
    (folder / "ready.yaml").write_text(text.replace(before, f"place_of_birth: '{'<' * size}'"))
    return ["ito", "generate", str(folder / "ready.yaml"), "-o", str(folder / "out"), "--as-of", AS_OF, "--force"]


def commands(sizes: list[float], rounds: int) -> None:
    for office_template, where in ((True, "office template"), (False, "built-in table")):
        for fmt in ("md", "docx"):
            for millions in sizes:
                folder = Path(tempfile.mkdtemp(prefix="sco-bench-escaping-"))
                try:
                    args = student_folder(folder, int(millions * 1_000_000), office_template)
                    label = f"ito generate {where} {fmt:<4} {millions:4g} M '<'"
                    measure(label, rounds, [*args, "--format", fmt])
                finally:
                    shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.5,1,2,4", help="value sizes in millions of characters")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--commands", action="store_true", help="also time whole `sco ito generate` runs")
    options = parser.parse_args()
    sizes = [float(size) for size in options.sizes.split(",")]
    if options.commands:
        commands(sizes, options.rounds)  # first: a child's peak memory counts this process's before its exec
    escaping(sizes, options.rounds)


if __name__ == "__main__":
    main()
