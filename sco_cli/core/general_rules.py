"""Rules every file is held to, whatever its kind: the loader and model checks."""

from sco_cli.core.findings import Severity
from sco_cli.core.registry import declare

_ALL = "any"

declare(
    "GEN001",
    "invalid-yaml",
    "File is not valid YAML",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "A file the parser cannot read cannot be checked; the finding says where the parser stopped.",
    "kind: lor\nitems: [1, 2\n",
    "kind: lor\nitems: [1, 2]\n",
)
declare(
    "GEN002",
    "duplicate-key",
    "A key appears twice in one mapping",
    Severity.ERROR,
    "YAML 1.2 section 3.2.1.1",
    _ALL,
    "YAML keeps only the last of two equal keys, so a duplicated field silently loses data.",
    "id: A\nid: B\n",
    "id: A\n",
)
declare(
    "GEN003",
    "anchor-alias",
    "Anchors and aliases are not allowed",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "Aliases make a small file expand without limit (alias bombs) and hide what a field holds.",
    "a: &x 1\nb: *x\n",
    "a: 1\nb: 1\n",
)
declare(
    "GEN004",
    "file-too-large",
    "File is larger than 5 MiB",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "A case file is a few kilobytes; a huge input is the wrong file or an attack on the checker.",
    "(a 6 MiB file)",
    "(a 4 KiB file)",
)
declare(
    "GEN005",
    "several-documents",
    "Several YAML documents in one file",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "One file is one case, student or register, so findings and documents map to one source.",
    "kind: lor\n---\nkind: lor\n",
    "kind: lor\n",
)
declare(
    "GEN006",
    "not-a-mapping",
    "File is empty or its top level is not a mapping",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "Every input is a mapping of fields that starts with `kind:`.",
    "- a\n- b\n",
    "kind: lor\n",
)
declare(
    "GEN007",
    "tab-indentation",
    "Tab used for indentation",
    Severity.ERROR,
    "YAML 1.2 section 6.1",
    _ALL,
    "YAML forbids tabs for indentation; editors hide them, so the finding names the line.",
    "a:\n\tb: 1\n",
    "a:\n  b: 1\n",
)
declare(
    "GEN008",
    "unknown-field",
    "Unknown field",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "A misspelt field would otherwise be ignored and the check would pass on missing data.",
    "kind: lor\npurchasr: X\n",
    "kind: lor\npurchaser: X\n",
)
declare(
    "GEN009",
    "invalid-value",
    "Value of the wrong type or form",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "Dates are YYYY-MM-DD and real, booleans are true/false, money is whole dollars.",
    "date: 2026-02-30\n",
    "date: 2026-02-28\n",
)
declare(
    "GEN010",
    "missing-field",
    "Required field missing",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "Fields the rules cannot work without must be present.",
    "kind: student\nname:\n  given: Lina\n",
    "kind: student\nname:\n  surname: Tamm\n  given: Lina\n",
)
declare(
    "GEN011",
    "unknown-kind",
    "File has no known `kind`",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "The kind decides which model and rules apply; a file without one cannot be checked.",
    "kind: lorr\nid: X\n",
    "kind: lor\nid: X\n",
)
declare(
    "GEN013",
    "nesting-too-deep",
    "Data nested more than 64 levels",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "A case file nests a few levels; extreme nesting is a mistake or an attack on the checker.",
    "a: [[[[ ... 65 levels ... ]]]]\n",
    "a: [[1, 2], [3]]\n",
)
declare(
    "GEN012",
    "yaml-tag",
    "Explicit YAML tag",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "Tags such as !!python/object construct objects; sco files hold plain values only.",
    "a: !!python/object:os.system x\n",
    "a: x\n",
)
declare(
    "GEN014",
    "waiver-expired",
    "Waiver expired",
    Severity.WARNING,
    "sco waivers",
    _ALL,
    "A waiver accepts a finding until its expiry date; after it, the finding counts again, and this warning "
    "names the waiver's line so it is renewed or removed.",
    "kind: lor\nid: X\nwaivers:\n  - {rule: LOR002, reason: awaited, approved_by: Chief, expires: 2020-01-01}\n",
    "kind: lor\nid: X\nwaivers:\n  - {rule: LOR002, reason: awaited, approved_by: Chief, expires: 2099-01-01}\n",
)
declare(
    "GEN015",
    "waiver-unused",
    "Waiver matches no finding",
    Severity.INFO,
    "sco waivers",
    _ALL,
    "A waiver in a file that covers no finding is left over from something already fixed: remove it.",
    "kind: lor\nid: X\nwaivers:\n  - {rule: LOR012, reason: old, approved_by: Chief, expires: 2099-01-01}\n",
    "kind: lor\nid: X\nwaivers:\n  - {rule: LOR002, reason: awaited, approved_by: Chief, expires: 2099-01-01}\n",
)
declare(
    "GEN016",
    "waiver-unknown-rule",
    "Waiver names no rule",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "A waiver whose rule code is misspelt would waive nothing while seeming to.",
    "kind: lor\nid: X\nwaivers:\n  - {rule: LOR0002, reason: awaited, approved_by: Chief, expires: 2099-01-01}\n",
    "kind: lor\nid: X\nwaivers:\n  - {rule: LOR002, reason: awaited, approved_by: Chief, expires: 2099-01-01}\n",
)
declare(
    "GEN017",
    "no-kind-skipped",
    "Folder file without `kind:` skipped",
    Severity.INFO,
    "sco file format",
    _ALL,
    "An office folder may hold other YAML files (a CI workflow, an editor's settings): a file found in a folder "
    "without `kind:` is skipped with this note instead of failing the check; a file named on the command line "
    "without `kind:` is an error (GEN011). sco.yaml `exclude:` silences the note.",
    "(a folder holding `name: ci` in workflow.yaml)",
    "(a folder holding only files with `kind:`)",
)
declare(
    "GEN018",
    "findings-capped",
    "More findings than listed",
    Severity.INFO,
    "sco output",
    _ALL,
    "A file's first 200 findings are listed; the rest are counted (in the summary and the exit code) but not "
    "listed, so 100,000 copies of one mistake do not bury the report.",
    "(a file with more than 200 findings)",
    "(a file with 200 findings or fewer)",
)
declare(
    "GEN019",
    "unreadable",
    "File or folder could not be read",
    Severity.ERROR,
    "sco file format",
    _ALL,
    "A file or folder sco may not read (permissions, a device, a broken link) is reported, so a run never says "
    "OK about files it did not see; the rest of the batch is checked.",
    "(a file with `chmod 000`)",
    "(a readable file)",
)
