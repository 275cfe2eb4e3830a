"""The documents sco renders: each built-in template, what it is, the command that renders it, and its
contexts built from the shipped examples by the same functions the commands use (`sco templates`
lists, exports and checks templates with them; the tests render every template with every example).

Like `kinds.py`, this table reaches into the domains (their document builders); each domain is
imported only when used."""

# The domains are imported inside the functions that need them (lazily), hence PLC0415 is off here.

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sco_cli.core.document import Document, DocumentMeta
    from sco_cli.core.office import Office

EXAMPLES_AS_OF = date(2026, 11, 24)
"""The "today" the shipped examples were written for (their dates are relative to it)."""


@dataclass(frozen=True)
class Sample:
    """One example rendering of a template: the document as the command builds it."""

    source: str
    document: Document

    @property
    def template(self) -> str:
        return self.document.template

    @property
    def context(self) -> dict[str, Any]:
        return self.document.context

    @property
    def meta(self) -> DocumentMeta:
        return self.document.meta

    @property
    def office(self) -> Office | None:
        return self.document.office


@dataclass(frozen=True)
class DocumentType:
    template: str
    title: str
    command: str
    samples: Callable[[Path], list[Sample]]
    form: bool = False
    """A form taken to the field: its blank cells are there to be filled in by hand."""


def _examples() -> Path:
    from sco_cli.core.output import resource_dir

    return resource_dir("examples")


def _ito(manual: bool) -> Callable[[Path], list[Sample]]:
    def samples(examples: Path) -> list[Sample]:
        from sco_cli.app.checking import check_for_documents
        from sco_cli.core.pipeline import blocking_findings
        from sco_cli.students.ito import ito_document
        from sco_cli.students.model import Student

        report = check_for_documents([str(examples / "students")], "student", EXAMPLES_AS_OF, None)
        found = []
        for result in report.loaded_of_kind("student"):
            lines = [f"{f.code} {f.message}" for f in blocking_findings(result, "ito")]
            student = result.model_as(Student)
            found.append(Sample(result.path, ito_document(result, student, lines, manual, EXAMPLES_AS_OF, True)))
        return found

    return samples


def _cta(endorsement: bool) -> Callable[[Path], list[Sample]]:
    def samples(examples: Path) -> list[Sample]:
        from sco_cli.app.checking import check_for_documents
        from sco_cli.lor.cta_document import cta_document
        from sco_cli.lor.model import Lor

        files = sorted(str(path) for path in examples.glob("lor-*.yaml"))
        report = check_for_documents(files, "lor", EXAMPLES_AS_OF, None)
        found = []
        for result in report.loaded_of_kind("lor"):
            found.append(
                Sample(result.path, cta_document(result, result.model_as(Lor), EXAMPLES_AS_OF, endorsement, True))
            )
        return found

    return samples


def _sales(javits: bool) -> Callable[[Path], list[Sample]]:
    def samples(examples: Path) -> list[Sample]:
        from sco_cli.app.checking import check_for_documents
        from sco_cli.forecast import reports
        from sco_cli.forecast.reports import report_document

        path = str(examples / "forecast.yaml")
        checked = check_for_documents([path], "forecast", EXAMPLES_AS_OF, None)
        found = []
        for year in (2026, 2027, 2028, 2029):
            if javits:
                payload = reports.javits(checked, year)
                document = report_document(
                    payload, "javits.md.j2", f"Javits report input, CY{year}", EXAMPLES_AS_OF, checked, True
                )
            else:
                payload = reports.forecast(checked, year)
                title = f"FMS forecast FY{year}-FY{year + 1}"
                document = report_document(payload, "forecast.md.j2", title, EXAMPLES_AS_OF, checked, True)
            found.append(Sample(f"{path} ({year})", document))
        return found

    return samples


def _fmt(examples: Path) -> list[Sample]:
    from sco_cli.app.checking import check_for_documents
    from sco_cli.training import fmt

    paths = [str(examples / "training-plan.yaml"), str(examples / "students")]
    checked = fmt.files_read(check_for_documents(paths, None, EXAMPLES_AS_OF, None))
    found = []
    for year in (2026, 2027):
        payload = fmt.fmt_report(checked, year)
        found.append(Sample(f"{paths[0]} (FY{year})", fmt.fmt_document(payload, EXAMPLES_AS_OF, checked, True)))
    return found


def _budget(examples: Path) -> list[Sample]:
    from sco_cli.app.checking import check_for_documents
    from sco_cli.budget.justify import justification_document

    files = sorted(str(path) for path in examples.glob("budget-*.yaml"))
    report = check_for_documents(files, "budget", EXAMPLES_AS_OF, None)
    found = []
    for result in report.loaded_of_kind("budget"):
        found.append(Sample(result.path, justification_document(result, "none", EXAMPLES_AS_OF, [], True)))
    return found


def _eum(examples: Path) -> list[Sample]:
    from sco_cli.app.checking import check_for_documents
    from sco_cli.eum.inventory import inventory_document

    report = check_for_documents([str(examples / "eum.yaml")], "eum", EXAMPLES_AS_OF, None)
    found = []
    for result in report.loaded_of_kind("eum"):
        for enhanced_only in (False, True):
            found.append(Sample(result.path, inventory_document(result, enhanced_only, EXAMPLES_AS_OF)))
    return found


def _prominence(examples: Path) -> list[Sample]:
    from sco_cli.app.checking import check_for_documents
    from sco_cli.students.prominence import prominence_document

    paths = [str(examples / "graduates"), str(examples / "students")]
    report = check_for_documents(paths, "student", EXAMPLES_AS_OF, None)
    return [Sample(str(examples / "graduates" / "prominent.yaml"), prominence_document(report, paths, EXAMPLES_AS_OF))]


def _brief(examples: Path) -> list[Sample]:
    import os

    from sco_cli.app import brief

    where = [os.path.relpath(examples)]  # the commands in its lines as an officer in the folder types them
    sections, office = brief.build(where, EXAMPLES_AS_OF, None)
    return [Sample(str(examples / "sco.yaml"), brief.document(sections, office, EXAMPLES_AS_OF, where))]


def _letter(examples: Path) -> list[Sample]:
    from sco_cli.app.checking import check_for_documents
    from sco_cli.core.office import Office
    from sco_cli.translation.letter import letter_document

    office_file = str(examples / "sco.yaml")
    checked = check_for_documents([office_file], "office", EXAMPLES_AS_OF, None)
    office = next((r.model for r in checked.files if isinstance(r.model, Office)), None)
    found = []
    for to, reference in ((None, None), ("Director of Armaments, Ministry of Defence", "ODC-26-311")):
        found.append(
            Sample(office_file, letter_document(office, "LOA XS-P-SAB", "Examplestani", to, reference, EXAMPLES_AS_OF))
        )
    return found


DOCUMENTS: dict[str, DocumentType] = {
    document.template: document
    for document in (
        DocumentType(
            "ito-data-sheet.md.j2", "ITO data sheet for entry into SC-TMS", "sco ito generate", _ito(manual=False)
        ),
        DocumentType(
            "ito-manual.md.j2",
            "Invitational Travel Order, DD Form 2285 format (SC-TMS unavailable)",
            "sco ito generate --manual",
            _ito(manual=True),
        ),
        DocumentType("cta.md.j2", "Country Team Assessment", "sco cta generate", _cta(endorsement=False)),
        DocumentType(
            "sco-endorsement.md.j2",
            "SCO endorsement of an NVD repeat buy",
            "sco cta generate --endorsement",
            _cta(endorsement=True),
        ),
        DocumentType("javits.md.j2", "Javits report input", "sco javits report --format docx|md|pdf", _sales(True)),
        DocumentType("forecast.md.j2", "FMS sales forecast", "sco forecast report --format docx|md|pdf", _sales(False)),
        DocumentType(
            "fmt.md.j2",
            "Foreign Military Training report input",
            "sco training fmt --format docx|md|pdf",
            _fmt,
        ),
        DocumentType(
            "budget-justification.md.j2", "FMF or IMET budget request justification", "sco budget justify", _budget
        ),
        DocumentType(
            "prominence.md.j2", "Positions of prominence", "sco training prominence --format docx|md", _prominence
        ),
        DocumentType("eum-inventory.md.j2", "EUM inventory sheet", "sco eum inventory", _eum, form=True),
        DocumentType("brief.md.j2", "Office brief for the chief", "sco brief --format docx|md|pdf", _brief),
        DocumentType(
            "translation-letter.md.j2",
            "Forwarding letter of an informal translation",
            "sco translation letter",
            _letter,
        ),
    )
}
"""Every template sco renders, by name."""

PARTIALS: dict[str, tuple[str, ...]] = {
    "_ito-items-9-14.md.j2": ("ito-data-sheet.md.j2", "ito-manual.md.j2"),
    "_signature.md.j2": (
        "cta.md.j2",
        "sco-endorsement.md.j2",
        "ito-manual.md.j2",
        "translation-letter.md.j2",
        "budget-justification.md.j2",
    ),
}
"""Templates included by others (they receive their includers' variables)."""


def samples(template: str, examples: Path | None = None) -> list[Sample]:
    return DOCUMENTS[template].samples(examples or _examples())


def variables(template: str, examples: Path | None = None) -> dict[str, str]:
    """Every variable the template receives, dotted (`student.surname_upper`, `courses[].start`), with
    the kinds of value the examples give it. Computed from the context builders, so it cannot drift."""
    from sco_cli.core.markup import MarkdownText

    includers = PARTIALS.get(template, (template,))
    seen: dict[str, set[str]] = {}

    def kind(value: object) -> str:
        if value is None:
            return "may be empty"
        if isinstance(value, MarkdownText):
            return "Markdown text"
        if isinstance(value, bool):
            return "true/false"
        if isinstance(value, (int, float)):
            return "number"
        if isinstance(value, date):
            return "date"
        return "text"

    def walk(value: object, name: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{name}.{key}" if name else str(key))
            if not value:
                seen.setdefault(name, set()).add("mapping")
        elif isinstance(value, (list, tuple)):
            seen.setdefault(name, set()).add("list")
            for item in value:
                walk(item, f"{name}[]")
        else:
            seen.setdefault(name, set()).add(kind(value))

    for name in includers:
        for sample in samples(name, examples):
            walk(sample.context, "")
    order = ("list", "mapping", "Markdown text", "text", "number", "date", "true/false", "may be empty")
    return {name: ", ".join(k for k in order if k in kinds) for name, kinds in sorted(seen.items())}


def header(template: str, examples: Path | None = None) -> str:
    """The comment `sco templates export` puts at the top of a template: what it is and its variables."""
    if template in PARTIALS:
        what = f"included by {', '.join(PARTIALS[template])}; it receives their variables"
    else:
        document = DOCUMENTS[template]
        what = f"{document.title}, rendered by `{document.command}`"
    found = variables(template, examples)
    width = max(map(len, found), default=0)
    lines = [
        f"{{#- sco template {template}: {what}.",
        "    Keep it, edited, in the folder named by `templates:` in sco.yaml to override the built-in one;",
        "    `sco templates check FOLDER` renders it against the shipped examples.",
        "",
        "    Variables (from sco's context builders, run on the shipped examples):",
        *(f"      {name.ljust(width)}  {kinds}" for name, kinds in found.items()),
        "",
        "    Also: doc.title, doc.source, doc.generated, doc.marking, doc.draft, doc.gaps (the document), and",
        '    gap("what is missing"): marks a required item that is empty: [GAP: ...] in a --draft, otherwise',
        "    nothing is written and the command names the gap.",
        "    {{ value }} prints a value escaped for Markdown (it can never add structure); a value listed as",
        "    Markdown text prints as Markdown blocks: give it a line of its own with blank lines around it.",
        "    The renderer adds the marking banner, the CUI designation block, page numbers and the",
        "    'Generated ... from ...' line itself. <!-- pagebreak --> and <!-- landscape --> on a line of",
        "    their own start a new page and turn the pages.",
        "-#}",
    ]
    return "\n".join(lines) + "\n"
