"""Writes tests/hostile/cases/ from the examples (run it after changing a case here, then commit the files)."""
# ruff: noqa: E501 - one line per case reads best

import codecs
from pathlib import Path

OUT = Path(__file__).resolve().parent / "cases"
EX = Path(__file__).resolve().parent.parent.parent / "examples"

# Every personal value is a canary: the corpus test fails if one reaches the terminal.
STUDENT = (EX / "students" / "ready.yaml").read_text()
STUDENT = STUDENT.replace("# A student ready for the ITO: every screening done before the ITO issue date.\n", "")
STUDENT = (
    STUDENT.replace("number: XS4821937", "number: ZQ7734519")
    .replace("date_of_birth: 1991-04-17", "date_of_birth: 1987-03-14")
    .replace("expires: 2031-06-30", "expires: 2027-02-03")
    .replace("exam_date: 2026-10-06", "exam_date: 2026-07-13")
    .replace(
        "accompanied: false",
        "accompanied: true\n  dependents:\n    - name: Mia Tamm\n      relationship: child\n      date_of_birth: 2015-05-06",
    )
)
assert "ZQ7734519" in STUDENT and "2026-07-13" in STUDENT and "2015-05-06" in STUDENT
LOR = (EX / "lor-complete.yaml").read_text().split("\n", 1)[1]
BUDGET = (EX / "budget-imet.yaml").read_text()
OFFICE = (EX / "sco.yaml").read_text()


def student(change: tuple[str, str] | None = None, extra: str = "") -> str:
    text = STUDENT
    if change:
        old, new = change
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra


def swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


cases: dict[str, str | bytes] = {}


def case(name: str, why: str, body: str | bytes) -> None:
    if isinstance(body, str):
        body = f"# {why}\n{body}"
    cases[name] = body


# 1. dates outside what date arithmetic can hold
case("01-rso-9999.yaml", "item 1: a date at the end of the calendar", student(("rso: 2026-10-20", "rso: 9999-12-31")))
case(
    "01-arrival-year-1.yaml",
    "item 1: a date at the start of the calendar",
    student(("arrival: 2027-01-08", "arrival: 0001-01-05")),
)
case(
    "01-issue-date-year-1.yaml",
    "item 1: an ITO issued in year 1",
    student(("issue_date: 2026-11-20", "issue_date: 0001-01-15")),
)
case("01-course-end-9999.yaml", "item 1: a course that ends in 9999", student(("end: 2027-06-11", "end: 9999-12-31")))
case(
    "01-lor-date-9999.yaml",
    "item 1: a LOR dated 9999 and due in year 1",
    swap(swap(LOR, "date: 2026-10-02", "date: 9999-12-31"), "desired: 2027-09-30", "desired: 0001-01-01"),
)
case(
    "01-budget-fy-huge.yaml",
    "item 1: a fiscal year far outside the calendar",
    swap(swap(BUDGET, "fiscal_year: 2028", "fiscal_year: 99999"), "budget_call: 2026-09-15", "budget_call: 9999-12-31"),
)
case(
    "01-date-with-time.yaml",
    "item 1: timestamps with times and zones where dates belong",
    student(("rso: 2026-10-20", "rso: 2026-10-20T23:59:59+14:00")),
)
case("01-date-feb-30.yaml", "item 1: a day that does not exist", student(("dea: 2026-10-21", "dea: 2026-02-30")))
# 2. identifiers YAML would turn into numbers
case(
    "02-passport-leading-zero.yaml",
    "item 2: a passport number with leading zeros",
    student(("number: ZQ7734519", "number: 0048219370")),
)
case(
    "02-ito-number-leading-zero.yaml",
    "item 2: an ITO number with leading zeros",
    student(("number: XS-P-IMT-2027-0101", "number: 00420101")),
)
case(
    "02-ito-number-hex.yaml",
    "item 2: an ITO number YAML 1.1 reads as hexadecimal",
    student(("number: XS-P-IMT-2027-0101", "number: 0x4821937")),
)
case(
    "02-ito-number-float.yaml",
    "item 2: an ITO number YAML reads as a float",
    student(("number: XS-P-IMT-2027-0101", "number: 1e5")),
)
case("02-lor-id-octal.yaml", "item 2: a LOR id YAML 1.1 reads as octal", swap(LOR, "id: XS-LOR-2026-014", "id: 0o17"))
# 4. personal values in the wrong shape, never to be echoed
case(
    "04-passport-is-a-string.yaml",
    "item 4: a passport number where a mapping is expected",
    student(("passport:\n  number: ZQ7734519\n  expires: 2027-02-03", "passport: ZQ7734519")),
)
case(
    "04-medical-result-text.yaml",
    "item 4: a medical result typed as text",
    student(("fit: true", "fit: no - active TB")),
)
case(
    "04-dependent-birth-date-wrong.yaml",
    "item 4: a dependent's date of birth that is not a date",
    student(("date_of_birth: 2015-05-06", "date_of_birth: 2015-05-06 (approx)")),
)
case(
    "04-passport-number-in-expires.yaml",
    "item 4: the passport number typed into the expiry",
    student(("expires: 2027-02-03", "expires: ZQ7734519")),
)
case(
    "04-passport-short.yaml",
    "item 4: a passport number short enough to be shown whole by a mask",
    student(("number: ZQ7734519", "number: ZQ7")),
)
case(
    "04-birth-date-list.yaml",
    "item 4: a date of birth given as a list",
    student(("date_of_birth: 1987-03-14", "date_of_birth: [1987-03-14, ZQ7734519]")),
)
case(
    "04-medical-mapping-text.yaml",
    "item 4: the whole medical section as one sentence",
    student(
        (
            "medical:\n    exam_date: 2026-07-13\n    chest_xray: true\n    hiv_screening: true\n    fit: true\n",
            "medical: fit except active TB, examined 2026-07-13\n",
        )
    ),
)
# 5. numbers
case(
    "05-amount-1e999999999.yaml",
    "item 5: an amount whose exponent overflows decimal",
    swap(LOR, "unit_cost_usd: 48,500", 'unit_cost_usd: "1e999999999"'),
)
case(
    "05-amount-4400-digits.yaml",
    "item 5: a 4,400-digit amount",
    swap(LOR, "unit_cost_usd: 48,500", "unit_cost_usd: " + "9" * 4400),
)
case(
    "05-quantity-4301-digits.yaml",
    "item 5: a 4,301-digit integer (over Python's string limit)",
    swap(LOR, "quantity: 40", "quantity: " + "7" * 4301),
)
case(
    "05-amount-inf-nan.yaml",
    "item 5: infinity and not-a-number amounts",
    swap(swap(LOR, "value_usd: 350000", "value_usd: .inf"), "value_usd: 15000", "value_usd: .nan"),
)
case(
    "05-negative-and-huge.yaml",
    "item 5: negative quantities and amounts over 10^15",
    swap(swap(LOR, "quantity: 40", "quantity: -40"), "value_usd: $210,000", "value_usd: $9,999,999,999,999,999"),
)
case(
    "05-ecl-float-and-bool.yaml",
    "item 5: an ECL score as a float and a boolean minimum",
    student(("score: 84", "score: 84.999999999999999999")).replace("ecl_minimum: 80", "ecl_minimum: yes"),
)
case(
    "05-budget-amounts-odd.yaml",
    "item 5: budget amounts in odd notations",
    swap(swap(BUDGET, "2028: 720K", "2028: 1e20"), "2029: 740K", "2029: -5K"),
)
case(
    "office-05-thresholds-odd.yaml",
    "item 5: office thresholds .inf, .nan, 1e20 and a fraction of a month",
    swap(
        OFFICE,
        "thresholds:\n  foreign_clearance_lead_days: 45",
        "thresholds:\n  foreign_clearance_lead_days: .inf\n  medical_validity_months: 1.5\n  notification_36b_mde_usd: .nan\n  notification_36b_total_usd: 1e20\n  forecast_probability_min: true\n  arrival_notice_days_accompanied: 10.5\n  javits_mde_usd: 7M\n  javits_mde: 1",
    ),
)
# 6. many bad items (the 100,000-item case is generated by the test)
case(
    "06-many-bad-items.yaml",
    "item 6: 3,000 invalid list items (GEN018 caps the list)",
    LOR.replace("items:\n", "items:\n" + "  - {quantity: x, unit_cost_usd: y, catgory: z}\n" * 3000, 1),
)
# 11. office settings
case(
    "office-11-agency-without-action.yaml",
    "item 11: an agency with an address and nothing else",
    OFFICE + "agencies:\n  coastguard:\n    address: x\n",
)
case(
    "office-11-typo-field.yaml",
    "item 11: an unknown field in the office file",
    OFFICE + "ito:\n  tms: false\nmarkign: CUI\n",
)
case(
    "office-11-wrong-types.yaml",
    "item 11: every office field the wrong type",
    "kind: office\ncountry: [1, 2]\nnato_plus: maybe\nmarking: {a: b}\nchief: COL Nobody\nthresholds: 12\nstaff: {name: x}\nallocations: [1]\nwaivers: yes\nexclude: 7\n",
)
case("office-11-empty.yaml", "item 11: an office file with only its kind", "kind: office\n")
# 12. long names
case(
    "12-ito-number-300.yaml",
    "item 12: an ITO number of 300 characters",
    student(("number: XS-P-IMT-2027-0101", "number: " + "X" * 300)),
)
case(
    "12-long-student-names.yaml",
    "item 12: names of 1,000 characters",
    student(("surname: Tamm", "surname: " + "Tammsaare" * 111), "").replace(
        "given: Lina", "given: " + "Lina-Maria " * 90
    ),
)
case(
    "12-lor-id-300.yaml",
    "item 12: a LOR id of 300 characters",
    swap(LOR, "id: XS-LOR-2026-014", "id: XS-LOR-" + "9" * 290),
)
# 14. kinds
case("14-kind-upper.yaml", "item 14: a kind in capitals", student(("kind: student", "kind: STUDENT")))
case("14-kind-missing.yaml", "item 14: no kind at all", student(("kind: student\n", "")))
case("14-kind-unknown.yaml", "item 14: a kind sco does not know", student(("kind: student", "kind: studnet")))
case("14-kind-not-text.yaml", "item 14: a kind that is a list", student(("kind: student", "kind: [student, lor]")))
# 15. terminal escapes
case(
    "15-escape-sequences.yaml",
    "item 15: escape sequences and Rich markup in keys and values",
    student(
        ("surname: Tamm", 'surname: "\\e]0;pwned\\a\\e[31mTamm[/]\\e[2J"'), '"\\e[5mkey\\e[0m": "[bold red]x[/]"\n'
    ),
)
case(
    "15-bidi-and-zero-width.yaml",
    "item 15: right-to-left overrides and zero-width characters",
    swap(LOR, "id: XS-LOR-2026-014", 'id: "XS\\u202eLOR\\u200b-2026"'),
)
# loader cases
case(
    "L-alias-bomb.yaml",
    "loader: a billion-laughs alias bomb",
    "kind: lor\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\nitems: *h\n",
)
case("L-deep-nesting.yaml", "loader: 5,000 nested lists", "kind: lor\nitems: " + "[" * 5000 + "]" * 5000 + "\n")
case("L-duplicate-keys.yaml", "loader: a key given twice", student(("rank: Captain", "rank: Captain\nrank: Major")))
case(
    "L-python-tag.yaml",
    "loader: tags that would run code in an unsafe loader",
    "kind: student\nname: !!python/object/apply:os.system ['echo pwned > pwned.txt']\nrank: !!python/name:os.system\n",
)
case(
    "L-custom-tags.yaml",
    "loader: unknown, binary, set and ordered-map tags",
    "kind: lor\nid: !secret XS-1\nitems: !!set {a, b}\nsupport: !!omap [a: 1]\nreference: !!binary aGVsbG8=\n",
)
case(
    "L-merge-keys.yaml",
    "loader: merge keys and anchors",
    "kind: lor\nbase: &b {quantity: 1}\nitems:\n  - <<: *b\n    description: x\n  - <<: [*b, *b]\n",
)
case("L-multi-document.yaml", "loader: several documents in one file", "kind: lor\n---\nkind: student\n---\n")
case("L-top-level-list.yaml", "loader: a list at the top", "- kind: lor\n- kind: student\n")
case("L-top-level-scalar.yaml", "loader: a single number at the top", "42\n")
case(
    "L-complex-keys.yaml",
    "loader: keys that are lists, mappings and null",
    "kind: lor\n? [a, b]\n: 1\n? {c: d}\n: 2\n~: 3\n1: 4\n2026-01-01: 5\n",
)
case("L-empty.yaml", "loader: an empty file", "")
case("L-comments-only.yaml", "loader: only comments", "# nothing\n# here\n")
case("L-tabs.yaml", "loader: tabs for indentation", "kind: lor\nitems:\n\t- quantity: 1\n")
case("L-unclosed.yaml", "loader: unclosed brackets and quotes", 'kind: lor\nitems: [ {quantity: 1, \nid: "XS\n')
case("L-long-line.yaml", "loader: a 200,000-character line", "kind: lor\nid: " + "x" * 200_000 + "\n")
case("L-kind-null-bool.yaml", "loader: kind as null and booleans as keys", "kind: ~\nyes: no\non: off\n")
cases["L-utf16-bom.yaml"] = codecs.BOM_UTF16_LE + "kind: lor\nid: XS-LOR-1\n".encode("utf-16-le")
cases["L-nul-bytes.yaml"] = b"kind: lor\nid: XS\x00LOR\x00\nitems: [\x00]\n"
cases["L-bad-utf8.yaml"] = b"kind: lor\nid: XS-\xff\xfe-\xc3\x28\npurchaser: \xed\xa0\x80\n"
cases["L-binary-garbage.yaml"] = bytes(range(256)) * 4
cases["L-crlf-and-cr.yaml"] = b"kind: lor\r\nid: XS-LOR-1\rpurchaser: x\r\n"

for name, body in cases.items():
    data = body.encode("utf-8") if isinstance(body, str) else body
    (OUT / name).write_bytes(data)
print(len(cases), "cases")
