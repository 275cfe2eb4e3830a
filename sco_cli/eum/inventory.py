"""The inventory sheet an EUM officer takes to the storage site: serial numbers grouped by site, with
blank columns to tick, note the condition, and sign (SAMM C2.1.5.6)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sco_cli.core.csv_table import csv_text
from sco_cli.core.document import Document, DocumentMeta
from sco_cli.core.items import indexed
from sco_cli.core.needs import Need, designation_gaps
from sco_cli.core.office import Office
from sco_cli.core.results import FileResult, Unread
from sco_cli.eum.model import Register

TEMPLATE = "eum-inventory.md.j2"


def document_needs(office: Office | None) -> list[Need]:
    """What the inventory sheet lacks before `sco eum inventory` writes it: the CUI designation lines
    sco.yaml lacks for it (the renderer finds the same gaps itself, after `--cui-category` and
    `--dissemination`). EUM014 reports them on the register."""
    return [Need("EUM inventory sheet", tuple(designation_gaps(office, TEMPLATE)), "sco eum inventory")]


def inventory_document(result: FileResult, enhanced_only: bool, day: date) -> Document:
    """The sheet (the command and `sco templates` share it)."""
    model = result.model_as(Register)
    sites = sheet_sites(model, enhanced_only, skip=result.unread())
    meta = DocumentMeta.of_file(result, "EUM inventory sheet", day)
    context = {
        "country": model.country or (result.office.country if result.office else ""),
        "sites": sites,
        "serials": sum(len(site["rows"]) for site in sites),
        "blank_rows": list(range(1, 6)),
    }
    return Document(TEMPLATE, context, meta, result.office)


def sheet_sites(register: Register, enhanced_only: bool, skip: Collection[Unread] = ()) -> list[dict[str, Any]]:
    """Articles in service grouped by storage site (sorted), each with one row per serial number. An
    article sco could not read whole (`skip`) is left to the gaps, never listed with its serials missing."""
    unread = {entry.index for entry in skip}
    sites: dict[str, dict[str, Any]] = {}
    for index, article in indexed(register.articles):
        if ("articles", index) in unread:
            continue
        if article.status != "in_service" or (enhanced_only and not article.enhanced):
            continue
        name = article.location or "(storage site not recorded)"
        site = sites.setdefault(name, {"name": name, "custodians": [], "articles": [], "rows": []})
        if article.custodian and article.custodian not in site["custodians"]:
            site["custodians"].append(article.custodian)
        serials = article.delivered or [f"(no serial numbers; quantity {article.quantity or '?'})"]
        item: dict[str, Any] = {
            "item": article.description,
            "case": article.case or "",
            "eeum": "yes" if article.enhanced else "no",
            "rows": [],
        }
        site["articles"].append(item)
        for serial in serials:
            row = {"case": item["case"], "item": item["item"], "serial": serial, "eeum": item["eeum"]}
            item["rows"].append(row)
            site["rows"].append(row)
    ordered = [sites[name] for name in sorted(sites)]
    for site in ordered:
        for number, row in enumerate(site["rows"], 1):
            row["n"] = number
    return ordered


_SHEET_KEYS = ("n", "case", "item", "serial", "eeum")


def sheet_csv(sites: list[dict[str, Any]]) -> str:
    """One row per article; found, condition and remarks are left empty, filled in on site."""
    header = ["site", "custodian", "number", "case", "item", "serial", "eeum", "found", "condition", "remarks"]
    rows = (
        [site["name"], "; ".join(site["custodians"]), *(row[key] for key in _SHEET_KEYS), "", "", ""]
        for site in sites
        for row in site["rows"]
    )
    return csv_text(header, rows)
