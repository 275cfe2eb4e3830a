"""What the documents made from the office file alone lack: the translation forwarding letter (`sco
translation letter`) and the office brief (`sco brief`) print sco.yaml's CUI designation indicator, so
CUI002 reports on sco.yaml each line they would be refused for (core/needs.py)."""

from __future__ import annotations

from sco_cli.core.needs import Need, designation_gaps
from sco_cli.core.office import Office
from sco_cli.translation import LETTER_TEMPLATE

BRIEF_TEMPLATE = "brief.md.j2"
"""The office brief's template (app/brief.py renders it)."""


def document_needs(office: Office) -> list[Need]:
    """The CUI designation lines sco.yaml lacks for the letter and the brief (the renderer finds the same
    gaps itself, after `--cui-category` and `--dissemination`)."""
    return [
        Need(
            "translation letter",
            tuple(designation_gaps(office, LETTER_TEMPLATE)),
            "sco translation letter",
            drafts=False,
        ),
        Need("office brief document", tuple(designation_gaps(office, BRIEF_TEMPLATE)), "sco brief"),
    ]
