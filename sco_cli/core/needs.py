"""What a document needs from the files it is made from, declared once per document, so the check and
the generator agree: the domain's declaration (`ito_gaps`, `cta_gaps`, ...) lists the items a document
lacks as `Gap`s; the builder puts them in the document's metadata (the command refuses, naming each,
unless `--draft`), the kind's facts list them, and a rule reports each one as a finding on the file
(`gap_problems`). No command refuses for a reason the check did not show.

A template marks the same items where they would be printed with `gap(items.NAME)`, the text the
declaration gives: the [GAP] marker of a draft and the refusal read alike. The office's own details
(sco.yaml) that a document prints are items too; they are reported on the file the document is made from,
since that is the file the user checks before generating."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sco_cli.core.cui import designation_missing, designation_of, document_name
from sco_cli.core.findings import YamlPath
from sco_cli.core.registry import Problem

if TYPE_CHECKING:
    from sco_cli.core.office import Office


@dataclass(frozen=True)
class Gap:
    """An item a document needs and its file lacks."""

    item: str
    """How the document and its refusal name it: "6.b: sex (`sex`)"."""
    at: YamlPath = ()
    """Where the file records it; () for an item of the office file (sco.yaml)."""
    office_key: str = ""
    """The sco.yaml key, for an item of the office file."""
    shown_by: str = ""
    """The code of a rule whose own finding already reports this item (ITO012 for the passport number):
    the gap stays in the facts and the refusal, and is not reported twice."""


def designation_gaps(office: Office | None, template: str) -> list[Gap]:
    """The CUI designation indicator the document `template` renders carries on its first page
    (core/render.py, core/cui.py): what sco.yaml `cui:` (or its `documents:` entry) lacks for it. The
    office's own marking decides; a command's `--cui-category`/`--dissemination` can fill a line for
    one run."""
    from sco_cli.core.office import marking_of  # noqa: PLC0415 - Pydantic only once an office is read

    if not marking_of(office).strip().upper().startswith("CUI"):
        return []
    missing = designation_missing(designation_of(office, document_name(template)))
    return [Gap(text, office_key="cui: " + text.split("cui: ", 1)[1].split(" ", 1)[0]) for text in missing]


def gap_texts(gaps: Iterable[Gap]) -> list[str]:
    """The gaps as the document's metadata and the refusal name them, each once, in order."""
    return list(dict.fromkeys(gap.item for gap in gaps))


def gap_problems(document: str, gaps: Iterable[Gap], command: str) -> Iterator[Problem]:
    """One finding per item `document` lacks (not those another rule already reports), at the field in
    the file, or at the top of the file for an item of sco.yaml. The message names the item, never its
    value."""
    first: dict[str, Gap] = {}  # one finding per item, at its first place
    for gap in gaps:
        if not gap.shown_by:
            first.setdefault(gap.item, gap)
    return needs_problems([Need(document, tuple(first.values()), command)])


@dataclass(frozen=True)
class Need:
    """What one document made from a file lacks, and the command that makes it."""

    document: str
    """How the finding names the document: "Javits report"."""
    gaps: tuple[Gap, ...]
    command: str
    """The command that refuses while a gap is open: "sco javits report"."""
    drafts: bool = True
    """Whether the command takes `--draft` (a DRAFT with the gap marked [GAP] instead of a refusal)."""


def needs_problems(needs: Iterable[Need]) -> Iterator[Problem]:
    """One finding per item the documents made from a file lack (not those another rule already
    reports), naming every document that needs it and the command making each: an item of sco.yaml two
    documents print (the CUI designation of the Javits report and of the forecast) is one finding."""
    needing: dict[tuple[str, YamlPath], tuple[Gap, list[Need]]] = {}  # an item lacking in two places: two
    for need in needs:
        for gap in need.gaps:
            if gap.shown_by:
                continue
            _, documents = needing.setdefault((gap.item, gap.at), (gap, []))
            if need not in documents:
                documents.append(need)
    for (item, _), (gap, documents) in needing.items():
        one = len(documents) == 1
        where = "add it to sco.yaml" if gap.office_key else "record it"
        commands = _listed([f"`{need.command}`" for need in documents])
        drafting = [need for need in documents if need.drafts]
        if len(drafting) == len(documents):
            draft = f" (or, with --draft, {'marks' if one else 'mark'} it [GAP])"
        elif drafting:
            marks = "marks" if len(drafting) == 1 else "mark"
            draft = f" ({_listed([f'`{need.command} --draft`' for need in drafting])} {marks} it [GAP])"
        else:
            draft = ""
        yield Problem(
            f"{_listed([f'the {need.document}' for need in documents])} {'needs' if one else 'need'} {item}",
            gap.at,
            f"{where}; until then {commands} {'refuses' if one else 'refuse'}{draft}",
        )


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def short_name(item: str) -> str:
    """An item's short name for a table: the field it names (`sex`, `sco.yaml address`), else its text
    up to the parenthesis."""
    if "`" in item:
        name = item.split("`")[1]
        return f"sco.yaml {name}" if "sco.yaml `" in item else name
    return item.split(" (")[0]
