"""Natural input read as meant (issue 21): percentages, money in words, fiscal years written FY2028,
a capability on one line, term-of-sale spellings, free-text visit support, and dates in words
answered with their ISO form; checked through `sco check` and the facts it reports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sco_cli.core.types import parse_fiscal_year, parse_money, parse_share
from tests.helpers import AS_OF, EXAMPLES, findings_of


def _without_lines(facts):
    """Facts without line numbers: a one-line capability moves the lines below it."""
    if isinstance(facts, dict):
        return {k: _without_lines(v) for k, v in facts.items() if k != "line"}
    if isinstance(facts, list):
        return [_without_lines(v) for v in facts]
    return facts


def _check(sco, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    # in the examples' office, as the example files are (its details are what documents print)
    code, payload = sco.json("check", str(path), "--config", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF)
    return code, payload


def test_percentages_and_money_in_words_in_the_forecast(sco, tmp_path):
    text = (EXAMPLES / "forecast.yaml").read_text()
    original = _check(sco, tmp_path, "a.yaml", text)[1]["files"][0]["facts"]
    text = text.replace("probability: 0.95", "probability: 95%", 1).replace("mde_usd: 29M", "mde_usd: $29 million", 1)
    text = text.replace("probability: 0.9 ", "probability: 90 % ", 1)
    _, payload = _check(sco, tmp_path, "b.yaml", text)
    assert [f["code"] for f in findings_of(payload) if f["severity"] == "error"] == []
    assert payload["files"][0]["facts"] == original


def test_a_share_over_one_is_one_finding_with_the_forms_that_work(sco, tmp_path):
    text = (EXAMPLES / "forecast.yaml").read_text().replace("probability: 0.95", "probability: 95", 1)
    code, payload = _check(sco, tmp_path, "f.yaml", text)
    errors = [f for f in findings_of(payload) if f["severity"] == "error"]
    assert code == 1
    assert [(f["code"], f["field"]) for f in errors] == [("GEN009", "entries[0].probability")]
    assert "90%" in errors[0]["hint"]


def test_fiscal_year_keys_and_a_one_line_capability_in_a_budget(sco, tmp_path):
    text = (EXAMPLES / "budget-fmf.yaml").read_text()
    before = _check(sco, tmp_path, "a.yaml", text)[1]["files"][0]["facts"]
    text = text.replace(
        "      2028: 20M\n      2029: 17,020,000", "      FY2028: $20 million\n      FY 2029: 17.02 million"
    )
    text = text.replace(
        "    capability:\n      effect: created\n      what: offshore maritime patrol",
        "    capability: Created - offshore maritime patrol",
    )
    code, payload = _check(sco, tmp_path, "b.yaml", text)
    assert findings_of(payload) == [] and code == 0
    assert _without_lines(payload["files"][0]["facts"]) == _without_lines(before)


def test_a_date_in_words_gets_its_iso_form_unless_it_is_personal(sco, tmp_path):
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    text = text.replace("departure: 2027-01-07", "departure: January 7, 2027")
    text = text.replace("exam_date: 2026-10-06", "exam_date: 6 Oct 2026")
    _, payload = _check(sco, tmp_path, "s.yaml", text)
    by_field = {f["field"]: f for f in findings_of(payload) if f["code"] == "GEN009"}
    assert by_field["travel.departure"]["hint"] == "write it 2027-01-07"
    medical = by_field["screening.medical.exam_date"]
    assert "2026-10-06" not in medical["hint"] + medical["message"] and "Oct" not in medical["message"]
    assert medical["hint"] == "write it YYYY-MM-DD, e.g. 2027-03-31"
    assert {f["code"] for f in findings_of(payload) if f["severity"] == "error"} == {"GEN009"}


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["million", "Million", "MILLION", "mn", "M"]))
def test_millions_in_words_are_the_same_dollars(units, word):
    assert parse_money(f"${units / 10:g} {word}") == parse_money(f"{units / 10:g}M") == int(Decimal(units) * 100_000)


@given(st.integers(min_value=1900, max_value=9990))
def test_fiscal_years_however_written(year):
    assert parse_fiscal_year(f"FY{year}") == parse_fiscal_year(f"fy {year}") == parse_fiscal_year(str(year)) == year


@given(st.integers(min_value=0, max_value=100))
def test_percentages_are_shares(percent):
    assert parse_share(f"{percent}%") == Decimal(percent) / 100


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("nan%", "is not a percentage"),
        ("90%%", "is not a percentage"),
        ("95", "is more than 1"),
        ("-5%", "at least 0"),
        ("nan", "is not a number"),
        ("sNaN", "is not a number"),
        ("-inf", "is not a number"),
    ],
)
def test_odd_percentages_are_one_finding(sco, tmp_path, value, words):
    text = (EXAMPLES / "forecast.yaml").read_text().replace("probability: 0.95", f"probability: '{value}'", 1)
    _, payload = _check(sco, tmp_path, "f.yaml", text)
    errors = [f for f in findings_of(payload) if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["GEN009"] and words in errors[0]["message"]


def test_two_digit_fiscal_years_only_where_unambiguous():
    assert parse_fiscal_year("FY28") == 2028 and parse_fiscal_year("fy 05") == 2005
    for written in ("FY99", "FY70", "28", "FY2028.5", "next year"):
        with pytest.raises(ValueError):
            parse_fiscal_year(written)


def test_the_effect_alone_is_read_and_the_capability_asked_for(sco, tmp_path):
    text = (EXAMPLES / "budget-fmf.yaml").read_text()
    text = text.replace(
        "    capability:\n      effect: created\n      what: offshore maritime patrol", "    capability: Maintained"
    )
    _, payload = _check(sco, tmp_path, "b.yaml", text)
    assert [(f["code"], f["message"].split(": ", 1)[1]) for f in findings_of(payload)] == [
        ("BUD003", "the capability does not say what it is")
    ]


def test_an_enumeration_leading_free_text_is_one_finding_saying_to_keep_the_word(sco, tmp_path):
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    text = text.replace("    status: approved", "    status: Approved (INVEST 2026-0318)")
    _, payload = _check(sco, tmp_path, "s.yaml", text)
    errors = [f for f in findings_of(payload) if f["severity"] in ("error", "warning")]
    assert [(f["code"], f["field"]) for f in errors] == [("GEN009", "screening.human_rights_vetting.status")]
    assert errors[0]["hint"] == "write `approved` alone; put the rest in a text field of the record"
