"""Rules every file is held to, whatever its kind: the loader and model checks."""

from sco_cli.core.findings import Severity
from sco_cli.core.registry import declare

_ALL = "any"

declare(
    "GEN001",
    slug="invalid-yaml",
    title="File is not valid YAML",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="A file the parser cannot read cannot be checked; the finding says where the parser stopped.",
    fails="kind: lor\nitems: [1, 2\n",
    passes="kind: lor\nitems: [1, 2]\n",
)
declare(
    "GEN002",
    slug="duplicate-key",
    title="A key appears twice in one mapping",
    severity=Severity.ERROR,
    reference="YAML 1.2 section 3.2.1.1",
    kind=_ALL,
    why="YAML keeps only the last of two equal keys, so a duplicated field silently loses data.",
    fails="id: A\nid: B\n",
    passes="id: A\n",
)
declare(
    "GEN003",
    slug="anchor-alias",
    title="Anchors and aliases are not allowed",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="Aliases make a small file expand without limit (alias bombs) and hide what a field holds.",
    fails="a: &x 1\nb: *x\n",
    passes="a: 1\nb: 1\n",
)
declare(
    "GEN004",
    slug="file-too-large",
    title="File is larger than 5 MiB",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="A case file is a few kilobytes; a huge input is the wrong file or an attack on the checker.",
    fails="(a 6 MiB file)",
    passes="(a 4 KiB file)",
)
declare(
    "GEN005",
    slug="several-documents",
    title="Several YAML documents in one file",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="One file is one case, student or register, so findings and documents map to one source.",
    fails="kind: lor\n---\nkind: lor\n",
    passes="kind: lor\n",
)
declare(
    "GEN006",
    slug="not-a-mapping",
    title="File is empty or its top level is not a mapping",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="Every input is a mapping of fields that starts with `kind:`.",
    fails="- a\n- b\n",
    passes="kind: lor\n",
)
declare(
    "GEN007",
    slug="tab-indentation",
    title="Tab used for indentation",
    severity=Severity.ERROR,
    reference="YAML 1.2 section 6.1",
    kind=_ALL,
    why="YAML forbids tabs for indentation; editors hide them, so the finding names the line.",
    fails="a:\n\tb: 1\n",
    passes="a:\n  b: 1\n",
)
declare(
    "GEN008",
    slug="unknown-field",
    title="Unknown field",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="A misspelt field would otherwise be ignored and the check would pass on missing data.",
    fails="kind: lor\npurchasr: X\n",
    passes="kind: lor\npurchaser: X\n",
)
declare(
    "GEN009",
    slug="invalid-value",
    title="Value of the wrong type or form",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="Dates are YYYY-MM-DD and real, booleans are true/false, money is whole dollars.",
    fails="date: 2026-02-30\n",
    passes="date: 2026-02-28\n",
    fix=(
        "`sco check --fix` writes the value meant where sco is sure of it: an enumeration value with one "
        "candidate (`Air Force` -> `air_force`, `aproved` -> `approved`; not when two values are as near, "
        "or when text follows the word), a date written with the month in words or the year first "
        "(`10 Nov 2026`, `2026/11/10` -> `2026-11-10`), an amount written another readable way "
        "(`US$24.9M`, `$24.9MM`, `$24.9 Mil.` -> `$24.9M`), a percentage in words (`90 percent` -> `90%`) "
        "and an office setting written with its unit (`45 days` -> `45`; a probability `90%` -> `0.9`). "
        "Never a personal field's value (passport, dates of birth, medical results)."
    ),
)
declare(
    "GEN010",
    slug="missing-field",
    title="Required field missing",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="Fields the rules cannot work without must be present.",
    fails="kind: student\nname:\n  given: Lina\n",
    passes="kind: student\nname:\n  surname: Tamm\n  given: Lina\n",
)
declare(
    "GEN011",
    slug="unknown-kind",
    title="File has no known `kind`",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="The kind decides which model and rules apply; a file without one cannot be checked.",
    fails="kind: lorr\nid: X\n",
    passes="kind: lor\nid: X\n",
)
declare(
    "GEN013",
    slug="nesting-too-deep",
    title="Data nested more than 64 levels",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="A case file nests a few levels; extreme nesting is a mistake or an attack on the checker.",
    fails="a: [[[[ ... 65 levels ... ]]]]\n",
    passes="a: [[1, 2], [3]]\n",
)
declare(
    "GEN012",
    slug="yaml-tag",
    title="Explicit YAML tag",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="Tags such as !!python/object construct objects; sco files hold plain values only.",
    fails="a: !!python/object:os.system x\n",
    passes="a: x\n",
)
declare(
    "GEN014",
    slug="waiver-expired",
    title="Waiver expired",
    severity=Severity.WARNING,
    reference="sco waivers",
    kind=_ALL,
    why="A waiver accepts a finding until its expiry date; after it, the finding counts again, and this warning "
    "names the waiver's line so it is renewed or removed.",
    fails="kind: lor\nid: X\nwaivers:\n  - {rule: LOR002, reason: awaited, approved_by: Chief, expires: 2020-01-01}\n",
    passes="kind: lor\nid: X\nwaivers:\n  - {rule: LOR002, reason: awaited, approved_by: Chief, expires: 2099-01-01}\n",
)
declare(
    "GEN015",
    slug="waiver-unused",
    title="Waiver matches no finding",
    severity=Severity.INFO,
    reference="sco waivers",
    kind=_ALL,
    why="A waiver in a file that covers no finding is left over from something already fixed: remove it.",
    fails="kind: lor\nid: X\nwaivers:\n  - {rule: LOR012, reason: old, approved_by: Chief, expires: 2099-01-01}\n",
    passes="kind: lor\nid: X\nwaivers:\n  - {rule: LOR002, reason: awaited, approved_by: Chief, expires: 2099-01-01}\n",
)
declare(
    "GEN016",
    slug="waiver-unknown-rule",
    title="Waiver names no rule",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="A waiver whose rule code is misspelt would waive nothing while seeming to.",
    fails="kind: lor\nid: X\nwaivers:\n  - {rule: LOR0002, reason: awaited, approved_by: Chief, expires: 2099-01-01}\n",
    passes="kind: lor\nid: X\nwaivers:\n  - {rule: LOR002, reason: awaited, approved_by: Chief, expires: 2099-01-01}\n",
)
declare(
    "GEN017",
    slug="no-kind-skipped",
    title="Folder file without `kind:` skipped",
    severity=Severity.INFO,
    reference="sco file format",
    kind=_ALL,
    why="An office folder may hold other YAML files (a CI workflow, an editor's settings): a file found in a folder "
    "without `kind:` is skipped with this note instead of failing the check; a file named on the command line "
    "without `kind:` is an error (GEN011). sco.yaml `exclude:` silences the note.",
    fails="(a folder holding `name: ci` in workflow.yaml)",
    passes="(a folder holding only files with `kind:`)",
)
declare(
    "GEN018",
    slug="findings-capped",
    title="More findings than listed",
    severity=Severity.INFO,
    reference="sco output",
    kind=_ALL,
    why="A file's first 200 findings are listed; the rest are counted (in the summary and the exit code) but not "
    "listed, so 100,000 copies of one mistake do not bury the report.",
    fails="(a file with more than 200 findings)",
    passes="(a file with 200 findings or fewer)",
)
declare(
    "GEN019",
    slug="unreadable",
    title="File or folder could not be read",
    severity=Severity.ERROR,
    reference="sco file format",
    kind=_ALL,
    why="A file or folder sco may not read (permissions, a device, a broken link) is reported, so a run never says "
    "OK about files it did not see; the rest of the batch is checked.",
    fails="(a file with `chmod 000`)",
    passes="(a readable file)",
)
