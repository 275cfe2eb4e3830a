"""Layout by content (issue 22 point 2): column widths from what each column holds, headers whole,
tables of one report aligned, captions kept with their chart or table."""

from __future__ import annotations

import html
import re
import zipfile

import pytest

from sco_cli.core.docx_writer import BODY_SIZE, column_widths, measure, text_twips
from tests.helpers import AS_OF, EXAMPLES

CELL_MARGINS = 216
"""Twips: Word's default left and right cell margins (0.075 inch each)."""


def _text(cell):
    return html.unescape(re.sub(r"<[^>]+>", "", cell))


def _tables(path):
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    found = []
    for table in re.findall(r"<w:tbl>.*?</w:tbl>", body, re.S):
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', table)]
        rows = re.findall(r"<w:tr>.*?</w:tr>", table, re.S)
        cells = [[_text(cell) for cell in re.findall(r"<w:tc>.*?</w:tc>", row, re.S)] for row in rows]
        found.append((widths, cells, '<w:sz w:val="18"/>' in table))
    return body, found


def test_figures_get_their_width_and_the_text_the_rest(sco, tmp_path):
    out = tmp_path / "javits.docx"
    assert (
        sco("javits", "report", EXAMPLES / "forecast.yaml", "--year", "2027", "-o", out, "--as-of", AS_OF).exit_code
        == 0
    )
    _, ((widths, cells, small),) = _tables(out)
    half = 18 if small else BODY_SIZE
    header = cells[0]
    column = {name: index for index, name in enumerate(header)}
    for name in ("Quantity", "MDE ($)", "Other ($)", "D&C ($)", "Probability"):  # figures: no wider than needed
        index = column[name]  # the longest figure, or the header on one line
        needed = max(text_twips(name, half, True), *(text_twips(row[index], half) for row in cells[1:]))
        assert needed + CELL_MARGINS <= widths[index] <= needed + 240, name
    for text in ("Description", "Why listed"):
        assert widths[column[text]] > max(widths[column[n]] for n in ("MDE ($)", "Other ($)", "Probability"))


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (("javits", "report", EXAMPLES / "forecast.yaml", "--year", "2027"), "javits.docx"),
        (("forecast", "report", EXAMPLES / "forecast.yaml", "--fy", "2028"), "forecast.docx"),
        (("budget", "justify", EXAMPLES / "budget-fmf.yaml"), "budget.docx"),
        (("cta", "generate", EXAMPLES / "lor-cta.yaml"), "cta.docx"),
        (("ito", "generate", EXAMPLES / "students" / "ready.yaml"), None),
    ],
)
def test_no_header_is_broken_mid_word(sco, tmp_path, command, name):
    out = tmp_path / name if name else tmp_path
    assert sco(*command, "-o", out, "--as-of", AS_OF).exit_code == 0
    path = out if name else next(tmp_path.glob("*.docx"))
    _, tables = _tables(path)
    for widths, cells, small in tables:
        for width, title in zip(widths, cells[0], strict=True):
            words = title.split() or [""]
            assert max(text_twips(word, 18 if small else BODY_SIZE, True) for word in words) + CELL_MARGINS <= width


def test_tables_of_one_report_line_up_and_introductions_stay_with_their_table(sco, tmp_path):
    out = tmp_path / "forecast.docx"
    assert (
        sco("forecast", "report", EXAMPLES / "forecast.yaml", "--fy", "2028", "-o", out, "--as-of", AS_OF).exit_code
        == 0
    )
    body, tables = _tables(out)
    first, second = tables[0][0], tables[1][0]
    assert first == second  # FY2028 and FY2029: one set of columns
    # every heading or paragraph right before a table is kept on the table's page
    for before in re.findall(r"(<w:p>(?:(?!<w:p>).)*?</w:p>)<w:tbl>", body, re.S):
        assert "<w:keepNext/>" in before or "Heading" in before


def test_the_chart_keeps_its_caption_on_its_page(sco, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "budget.docx"
    assert sco("budget", "justify", EXAMPLES / "budget-fmf.yaml", "-o", out, "--as-of", AS_OF).exit_code == 0
    body = zipfile.ZipFile(out).read("word/document.xml").decode()
    chart = re.search(r"<w:p>(?:(?!</w:p>).)*?<w:drawing>.*?</w:p>\s*<w:p>(?:(?!</w:p>).)*?Figure 1\.", body, re.S)
    assert chart is not None and "<w:keepNext/>" in chart.group(0).split("<w:drawing>")[0]


def test_widths_fill_the_line_whatever_the_content():
    for longest, words, numbers in (
        ([9000, 900, 900], [1500, 900, 900], [False, True, True]),  # long text, two figures
        ([100, 100], [100, 100], [True, True]),  # figures only
        ([20000] * 12, [3000] * 12, [False] * 12),  # more words than the line holds
        ([500, 500], [500, 500], [False, False]),  # everything short
    ):
        widths = column_widths(longest, words, 9360, numbers)
        assert abs(sum(widths) - 9360) <= len(widths) or min(widths) == 300


def test_a_cell_is_measured_alike_in_ascii_and_beyond():
    """The byte-table path (ASCII) and the letter-by-letter one (any other text) agree; a letter outside
    ASCII counts a full em (wider than any Latin letter), and the widest word is found whatever the spacing."""
    assert measure("Two 45 m coastal", 24) == (text_twips("Two 45 m coastal", 24), text_twips("coastal", 24))
    ascii_total, ascii_word = measure("Minister of Defence", 24)
    other_total, other_word = measure("Ministère of Defence", 24)
    assert other_total > ascii_total and other_word > ascii_word
    assert measure("  a   bb ", 24)[1] == text_twips("bb", 24) and measure("", 24) == (0, 0)
    em = 24 * 10 * 115 // 100  # twips, with the margin
    assert abs(measure("Minister\u00a0", 24)[0] - measure("Minister", 24)[0] - em) <= 8  # ASCII rounds up
