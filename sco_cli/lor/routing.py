"""LOR routing (SAMM C2.1.4.1.3; C5.1.3): action to DSCA and the implementing agency,
information copies to the SCO and the combatant command, and to State PM when SME/MDE is
involved; FMF non-repayable requests are also copied to DoS PM/SA and the DSCA CPD (DSCA 14-28)."""

from __future__ import annotations

from typing import Any

from sco_cli.core.csv_table import csv_text
from sco_cli.core.office import Office
from sco_cli.core.terminal import printable
from sco_cli.lor.model import Lor
from sco_cli.lor.reference import agencies

DSCA_LOR_MAILBOX = "DSCA.NCR.DBO.MBX.LOR-DSCA@mail.mil"  # C5.1.3.5 [S]: secondary source, see docs/concepts.md


def routing(lor: Lor, office: Office | None, facts: dict[str, Any]) -> dict[str, Any]:
    agency = agencies(office).get(lor.implementing_agency or "")
    problems: list[str] = []
    notes: list[str] = []
    action = [{"to": "DSCA (Operations Directorate)", "address": DSCA_LOR_MAILBOX}]
    if agency is None:
        problems.append(
            f"implementing agency '{lor.implementing_agency}' is not known; "
            "fix `implementing_agency:` or add it in sco.yaml `agencies:`"
        )
    else:
        receiver = agency.get("receiver") or agency.get("name") or lor.implementing_agency
        code = f" [case code {agency['code']}]" if agency.get("code") else ""
        address = ", ".join(x for x in (agency.get("address"), agency.get("email")) if x)
        action.append({"to": f"{receiver}{code}", "address": address})
        if not address:
            notes.append(
                f"no LOR address recorded for {lor.implementing_agency}: add `address:` under "
                f"`agencies: {lor.implementing_agency}:` in sco.yaml (Table C5.T2)"
            )
    office_name = (office.organization if office else None) or "the SCO"
    information = [
        {"to": office_name, "why": "SCO"},
        {"to": (office.ccmd if office and office.ccmd else "the combatant command"), "why": "CCMD"},
    ]
    if facts.get("sme_items"):
        information.append(
            {"to": "Department of State, Bureau of Political-Military Affairs (PM)", "why": "SME/MDE requested"}
        )
    if lor.funding == "fmf":
        information.append({"to": "DoS PM/SA", "why": "FMF financing (DSCA 14-28)"})
        information.append({"to": "DSCA Country Program Director", "why": "FMF financing (DSCA 14-28)"})
    return {
        "lor": lor.id,
        "reference": lor.reference,
        "implementing_agency": lor.implementing_agency,
        "action": action,
        "information": information,
        "problems": problems,
        "notes": notes,
        "samm": "C2.1.4.1.3; C5.1.3",
    }


def routing_csv(plan: dict[str, Any]) -> str:
    return csv_text(
        ["lor", "copy", "to", "address", "why"],
        (
            [plan["lor"], copy, row["to"], row.get("address", ""), row.get("why", "")]
            for copy in ("action", "information")
            for row in plan[copy]
        ),
    )


def routing_text(plan: dict[str, Any]) -> str:
    lines = [f"LOR {plan['lor']}  ({plan['reference']})", "", "Action:"]
    for addressee in plan["action"]:  # the address on a line of its own, each line made printable apart
        lines.append(f"  - {addressee['to']}")
        if addressee.get("address"):
            lines.append(f"      {addressee['address']}")
    lines += ["Information copies:"]
    lines += [f"  - {a['to']}" + (f" ({a['why']})" if a.get("why") else "") for a in plan["information"]]
    lines += [f"problem: {problem}" for problem in plan["problems"]]
    lines += [f"note: {note}" for note in plan["notes"]]
    return "\n".join(printable(line) for line in lines) + "\n"
