"""Shipped reference data (thresholds, agencies, review tags, CTA elements, milestones, the C2 matrix).
They are YAML, with their sources, so an office can read and correct them without touching code.

Each process needs a few of them; parsing YAML with positions costs 1-13 ms a file, a JSON twin under
`data/compiled/` a fraction of a millisecond. The twin records the CRC-32 of the YAML it was made from
and is used only while that matches, so an edited YAML file is never shadowed by a stale twin: it is
parsed instead, and `tests/test_data.py` fails until `python -m sco_cli.core.data` rewrites the twins.
"""

from __future__ import annotations

import json
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from sco_cli.core.loader import load_bytes

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMPILED_DIR = DATA_DIR / "compiled"


@cache
def shipped(name: str) -> dict[str, Any]:
    """The data of `data/<name>.yaml`, from its compiled twin when that is current."""
    source = DATA_DIR / f"{name}.yaml"
    raw = source.read_bytes()
    try:
        twin = json.loads((COMPILED_DIR / f"{name}.json").read_bytes())
        if twin["source_crc32"] == zlib.crc32(raw):
            data: dict[str, Any] = twin["data"]
            return data
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no twin, or a broken one: the YAML is the source of truth
    return parse(source, raw)


def parse(source: Path, raw: bytes) -> dict[str, Any]:
    loaded = load_bytes(raw, str(source))
    if not loaded.ok or not isinstance(loaded.data, dict):
        raise RuntimeError(f"shipped data file {source.name} is broken: {loaded.findings[0].message}")
    return loaded.data


def compile_all() -> list[Path]:
    """Write the JSON twin of every shipped YAML file; refuse data JSON cannot hold as it is."""
    COMPILED_DIR.mkdir(exist_ok=True)
    written = []
    for source in sorted(DATA_DIR.glob("*.yaml")):
        raw = source.read_bytes()
        data = parse(source, raw)
        try:
            text = json.dumps({"source_crc32": zlib.crc32(raw), "data": data}, ensure_ascii=False, allow_nan=False)
        except ValueError as exc:  # not a number, infinity: JSON has no words for them
            raise ValueError(f"{source.name}: {exc}") from None
        if json.loads(text)["data"] != data:
            raise ValueError(f"{source.name}: its data does not survive JSON unchanged")
        target = COMPILED_DIR / f"{source.stem}.json"
        target.write_text(text + "\n", encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(f"wrote {path}")
