"""Rules on the Country Team Assessment drafted in an LOR's `cta:` section (SAMM C2.1.4.2, C5.1.4), and on
the SCO endorsement that replaces it for an NVD repeat buy (DSCA 2014 NVD guide C2.2.3).

CTA002 and CTA004 hold the `cta` gate shut, CTA006 the `endorsement` gate; CTA007 and CTA008 name the rest
of what the documents print (lor/cta.py declares it once): `sco cta generate` refuses
(or drafts) while they fire. Their `fails`/`passes` examples change examples/lor-cta.yaml."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity, YamlPath
from sco_cli.core.needs import gap_problems
from sco_cli.core.registry import Problem, rule
from sco_cli.core.suggest import closest, did_you_mean
from sco_cli.lor.cta import checked_gaps, known_keys, required_elements
from sco_cli.lor.model import Lor

CTA_EXAMPLE = "lor-cta.yaml"


@rule(
    "CTA001",
    slug="cta-drafted",
    title="Required CTA or SCO endorsement drafted",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.2; C5.1.4; DSCA 2014 NVD guide C2.2.3",
    kind="lor",
    why="The SCO drafts the CTA, coordinates it with the Country Team and sends it to DSCA with the LOR or after "
    "it; an LOR that needs one and has no `cta:` section will stall at DSCA. The same holds for the SCO "
    "endorsement of an NVD repeat buy (`sco_endorsement:`).",
    fails="cta:\n",
    passes="new_capability: true\n",
    example=CTA_EXAMPLE,
    reads=("nvd_request",),
)
def cta_drafted(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.facts["cta_required"] and ctx.model.cta is None:
        yield Problem(
            "a CTA is required and the LOR has no `cta:` section",
            ("cta",),
            "draft it under `cta:`; `sco cta generate --draft` shows what is missing",
        )
    if ctx.facts["sco_endorsement_required"] and ctx.model.sco_endorsement is None:
        yield Problem(
            "an SCO endorsement is required and the LOR has no `sco_endorsement:` section",
            ("sco_endorsement",),
            "draft it under `sco_endorsement:`; `sco cta generate --endorsement --draft` shows what is missing",
        )


def _misspelt(elements: Mapping[str, object], keys: Iterable[str]) -> set[str]:
    """The known element keys that unknown keys written with an answer were meant for: `mision_need: ...`
    answers `mission_need`, misspelt (one finding, CTA003, not also "element missing")."""
    known = sorted(keys)
    unknown = [key for key, text in elements.items() if key not in known and str(text or "").strip()]
    return {match for key in unknown if (match := closest(key, known)) is not None}


@rule(
    "CTA002",
    slug="cta-elements",
    title="CTA covers every required element",
    severity=Severity.WARNING,
    reference="SAMM C5.1.4; Table C5.T1; Table C5.T1e",
    kind="lor",
    blocks="cta",
    why="Each element of Table C5.T1 (plus, for night vision devices, Table C5.T1e) must be answered; "
    "`sco cta generate` refuses while one is empty. Element 12 of Table C5.T1 (civilian harm) is read in DSCA "
    "19-21; the text and numbers of elements 1 to 11 were not found offline, so sco's common elements (mission "
    "need, force structure and regional impact, absorb/operate/maintain, technology security, financing, human "
    "rights, end-use monitoring, Embassy recommendation) are unverified in wording and number. The NVD elements "
    "are numbered 12 to 19 as the DSCA 2014 NVD guide numbers Table C5.T1e (18 was not readable; 19 is the CCMD "
    "concurrence). An office with the current tables replaces the lists in sco.yaml `cta_elements:`.",
    fails="cta:\n  elements:\n    human_rights: ''\n",
    passes="cta:\n  elements:\n    human_rights: The receiving unit was vetted in 2026.\n",
    example=CTA_EXAMPLE,
)
def cta_elements(ctx: Context[Lor]) -> Iterator[Problem]:
    cta = ctx.model.cta
    if cta is None:
        return
    meant = _misspelt(cta.elements, known_keys(ctx.office))
    for element in required_elements(ctx.model, ctx.office):
        key = element["key"]
        if key in meant:
            continue  # answered under a misspelt key: CTA003 says which, once
        if not (cta.elements.get(key) or "").strip():
            at = ("cta", "elements", key) if key in cta.elements else ("cta", "elements")
            yield Problem(
                f"element missing: {element['title']} (`{key}`, {element['label']})",
                at,
                "answer it; `sco rules explain CTA002` says where the elements come from",
            )


@rule(
    "CTA003",
    slug="cta-unknown-element",
    title="Unknown CTA element",
    severity=Severity.WARNING,
    reference="SAMM Table C5.T1; sco file format",
    kind="lor",
    blocks="cta",
    why="A misspelt element key leaves the real element unanswered while the text seems to be there. "
    "The element keys are sco's own list (Table C5.T1's numbers and wording were not verified offline), so this "
    "is a warning; CTA002 does not also report the element a misspelt key was meant for.",
    fails="cta:\n  elements:\n    mision_need: ...\n",
    passes="cta:\n  elements:\n    mission_need: ...\n",
    example=CTA_EXAMPLE,
)
def cta_unknown_element(ctx: Context[Lor]) -> Iterator[Problem]:
    cta = ctx.model.cta
    if cta is None:
        return
    keys = known_keys(ctx.office)
    for key in cta.elements:
        if key not in keys:
            meant = closest(key, sorted(keys))
            yield Problem(
                f"unknown CTA element '{key}'" + (f": the element `{meant}` stays unanswered" if meant else ""),
                ("cta", "elements", key),
                did_you_mean(key, sorted(keys), "the elements are: " + ", ".join(sorted(keys))),
            )


@rule(
    "CTA004",
    slug="cta-concurrence-clearance",
    title="CTA dated, with CCMD concurrence and Country Team clearance",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.2; C5.1.4; DSCA 2014 NVD guide C2.2.2",
    kind="lor",
    blocks="cta",
    why="The CTA is the coordinated position of the Country Team and needs the combatant command's concurrence "
    "(for NVDs, Table C5.T1e element 19: inside the CTA or a separate document it names); record its date, the "
    "concurrence's reference and date, and the sections that cleared it.",
    fails="cta:\n  cleared_by: []\n",
    passes="cta:\n  cleared_by: [POL, ECON]\n",
    example=CTA_EXAMPLE,
)
def cta_concurrence(ctx: Context[Lor]) -> Iterator[Problem]:
    cta = ctx.model.cta
    if cta is None:
        return
    concurrence = cta.ccmd_concurrence
    if concurrence is None or not concurrence.reference or concurrence.date is None:
        yield Problem(
            "the CTA has no CCMD concurrence (reference and date)",
            ("cta", "ccmd_concurrence"),
            "add `ccmd_concurrence:` with reference and date",
        )
    if not cta.cleared_by:
        yield Problem(
            "no Country Team section is recorded as having cleared the CTA",
            ("cta", "cleared_by"),
            "add `cleared_by:` (for example POL, ECON, RSO, DAO)",
        )
    if cta.date is None:
        yield Problem("the CTA is not dated", ("cta", "date"), "add `date:` to the `cta:` section")


@rule(
    "CTA005",
    slug="cta-age",
    title="CTA or SCO endorsement no older than a year at DSCA",
    severity=Severity.WARNING,
    reference="DSCA 2014 NVD guide C2.2.5; cta_max_age_days, cta_max_age_days_all (settings)",
    kind="lor",
    why='"The CTA/CCMD concurrence and SCO endorsement will be no more than one year old when it arrives at DSCA" '
    "(NVD guide C2.2.5, stated for night vision devices): an older one is likely to be sent back. It applies to "
    "NVD CTAs and SCO endorsements (`cta_max_age_days`, 365); an office holds every CTA to an age by setting "
    "`cta_max_age_days_all`.",
    fails="cta:\n  date: 2025-01-10\n  sent_to_dsca: 2026-03-01\n",
    passes="cta:\n  date: 2026-01-10\n  sent_to_dsca: 2026-03-01\n",
    example=CTA_EXAMPLE,
)
def cta_age(ctx: Context[Lor]) -> Iterator[Problem]:
    lor = ctx.model
    nvd = "nvd" in ctx.facts["unique_reviews"]
    limit = ctx.thresholds.whole("cta_max_age_days" if nvd else "cta_max_age_days_all")
    if limit <= 0:
        return
    documents: list[tuple[str, date | None, date | None, YamlPath]] = []
    if lor.cta is not None:
        documents.append(("CTA", lor.cta.date, lor.cta.sent_to_dsca, ("cta", "date")))
    if lor.sco_endorsement is not None:
        endorsement = lor.sco_endorsement
        documents.append(("SCO endorsement", endorsement.date, endorsement.sent_to_dsca, ("sco_endorsement", "date")))
    for name, written, sent, at in documents:
        if written is None:
            continue
        arrival = sent or ctx.as_of
        if arrival - written > timedelta(days=limit):
            when = f"when sent to DSCA ({arrival})" if sent else f"today ({arrival})"
            yield Problem(f"the {name} of {written} is more than {limit} days old {when}", at, f"refresh the {name}")


@rule(
    "CTA006",
    slug="sco-endorsement",
    title="SCO endorsement complete",
    severity=Severity.WARNING,
    reference="DSCA 2014 NVD guide C2.2.3 and chapter 6 (SCO checklist)",
    kind="lor",
    blocks="endorsement",
    why="For an NVD repeat buy (LOR-A) the SCO sends an endorsement instead of a CTA. Its content, from the NVD "
    "guide's SCO checklist: the date of the CTA submitted at first introduction and the LOA it went with, the "
    "date the Country Team was informed of this follow-on request, and the form (memorandum or e-mail). The "
    "C2.2.3 list itself was not readable, hence a warning.",
    fails="nvd_request: lor_a\nnew_capability: false\ncta:\nsco_endorsement:\n  date: 2026-11-12\n",
    passes="nvd_request: lor_a\nnew_capability: false\ncta:\nsco_endorsement:\n  date: 2026-11-12\n"
    "  first_cta_date: 2023-05-02\n  first_loa: XS-P-ANV\n  country_team_informed: 2026-11-10\n  format: memo\n",
    example=CTA_EXAMPLE,
)
def sco_endorsement(ctx: Context[Lor]) -> Iterator[Problem]:
    endorsement = ctx.model.sco_endorsement
    if endorsement is None:
        return
    for field, words in (
        ("date", "its date"),
        ("first_cta_date", "the date of the first-introduction CTA"),
        ("first_loa", "the LOA of the first introduction"),
        ("country_team_informed", "the date the Country Team was informed"),
        ("format", "its form (memo or email)"),
    ):
        if getattr(endorsement, field) in (None, ""):
            yield Problem(f"the SCO endorsement does not give {words}", ("sco_endorsement", field), f"add `{field}:`")


@rule(
    "CTA007",
    slug="cta-document-items",
    title="Every item the CTA prints is recorded",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.2; C5.1.4",
    kind="lor",
    why="The SCO drafts the CTA and sends it to DSCA (C2.1.4.2): besides its elements, concurrence and clearance "
    "(CTA002, CTA004), it names the LOR (`id`), the implementing agency it goes to, the Chief of Mission it is "
    "signed for and the SCO chief as point of contact (sco.yaml), and carries the office's CUI designation. "
    "`sco cta generate` refuses while one is empty, so the check names each one first. The items come from the "
    "document, not from a SAMM 'must' on each one: a warning.",
    fails="id:\n",
    passes="id: XS-LOR-2026-030\n",
    example=CTA_EXAMPLE,
)
def cta_document_items(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.model.cta is not None:
        yield from gap_problems("CTA", checked_gaps(ctx.model, ctx.office, False), "sco cta generate")


@rule(
    "CTA008",
    slug="sco-endorsement-document-items",
    title="Every item the SCO endorsement prints is recorded",
    severity=Severity.WARNING,
    reference="DSCA 2014 NVD guide C2.2.3",
    kind="lor",
    why="The SCO endorsement of an NVD repeat buy (NVD guide C2.2.3) names the LOR (`id`), the implementing "
    "agency, the office (sco.yaml `organization`), the night vision devices requested (items tagged "
    "`unique_review: [nvd]`) and is signed by the SCO chief (sco.yaml `chief`), with the office's CUI "
    "designation; CTA006 reports its own fields. `sco cta generate --endorsement` refuses while one is empty, "
    "so the check names each one first: a warning, as CTA006.",
    fails="nvd_request: lor_a\nnew_capability: false\ncta:\nsco_endorsement:\n  date: 2026-11-12\n"
    "  first_cta_date: 2023-05-02\n  first_loa: XS-P-ANV\n  country_team_informed: 2026-11-10\n  format: memo\n"
    "id:\n",
    passes="nvd_request: lor_a\nnew_capability: false\ncta:\nsco_endorsement:\n  date: 2026-11-12\n"
    "  first_cta_date: 2023-05-02\n  first_loa: XS-P-ANV\n  country_team_informed: 2026-11-10\n  format: memo\n",
    example=CTA_EXAMPLE,
)
def sco_endorsement_document_items(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.model.sco_endorsement is not None:
        yield from gap_problems(
            "SCO endorsement", checked_gaps(ctx.model, ctx.office, True), "sco cta generate --endorsement"
        )
