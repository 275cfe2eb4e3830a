"""The one flow: find files -> load YAML -> validate the model -> compute facts -> run rules.

Every command that reads case files goes through `check_paths`, so a rule, a threshold
override or a loader fix reaches all of them at once.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from sco_cli.core.errors import UsageError
from sco_cli.core.findings import ERROR, WARNING, FileResult, Finding, dotted
from sco_cli.core.loader import Loaded, load_bytes, load_path
from sco_cli.core.suggest import did_you_mean


@dataclass(frozen=True)
class KindSpec:
    model: str  # "module:Class"
    facts: str | None = None  # "module:function" taking the rule context
    after: str | None = None  # "module:function(facts, findings)": facts that depend on the findings


KINDS: dict[str, KindSpec] = {
    "office": KindSpec("sco_cli.office.model:Office"),
    "lor": KindSpec("sco_cli.lor.model:Lor", "sco_cli.lor.facts:facts"),
    "forecast": KindSpec("sco_cli.sales.model:Forecast", "sco_cli.sales.facts:facts"),
    "budget": KindSpec("sco_cli.budget.model:Budget", "sco_cli.budget.facts:facts"),
    "student": KindSpec("sco_cli.training.model:Student", "sco_cli.training.facts:facts",
                        "sco_cli.training.facts:after_rules"),
}


def _resolve(target: str):
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass
class Context:
    """Everything a rule may look at. Rules never read files, clocks or globals themselves."""

    loaded: Loaded
    model: object
    office: object
    thresholds: object
    as_of: date
    facts: dict = field(default_factory=dict)

    @cached_property
    def agencies(self) -> dict:
        from sco_cli.core import data

        return data.agencies(self.office)

    @cached_property
    def review_tags(self) -> dict:
        from sco_cli.core import data

        return data.review_tags(self.office)


@dataclass
class Report:
    as_of: date
    files: list[FileResult] = field(default_factory=list)
    offices: dict = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(result.count(severity) for result in self.files)

    def exit_code(self, strict: bool = False) -> int:
        failing = self.count(ERROR) + (self.count(WARNING) if strict else 0)
        return 1 if failing else 0


def discover(paths: list[str]) -> list[tuple[str, bool]]:
    """Files to check, each with whether the user named it (True) or a folder held it."""
    found: list[tuple[str, bool]] = []
    for raw in paths:
        if raw == "-":
            found.append(("-", True))
            continue
        path = Path(raw)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if candidate.suffix in (".yaml", ".yml") and candidate.is_file() and not any(
                        part.startswith(".") for part in candidate.relative_to(path).parts):
                    found.append((str(candidate), False))
        elif path.is_file():
            found.append((str(path), True))
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return found


class OfficeFinder:
    """Finds each file's `sco.yaml` by walking up from its folder, or uses `--config`."""

    def __init__(self, config: str | None, thresholds):
        self.config = config
        self.thresholds = thresholds
        self._by_dir: dict[Path, Path | None] = {}
        self._offices: dict[Path, tuple[object, FileResult]] = {}

    def _locate(self, start: Path) -> Path | None:
        if start in self._by_dir:
            return self._by_dir[start]
        candidate = start / "sco.yaml"
        if candidate.is_file():
            found: Path | None = candidate
        elif start.parent != start:
            found = self._locate(start.parent)
        else:
            found = None
        self._by_dir[start] = found
        return found

    def office_for(self, file: str):
        if self.config:
            location: Path | None = Path(self.config)
        else:
            start = Path.cwd() if file == "-" else Path(file).resolve().parent
            location = self._locate(start)
        if location is None:
            return None, None
        location = location.resolve()
        if location not in self._offices:
            result = check_loaded(_load(str(location)), None, self.thresholds, date.today(), office_file=True)
            if result.model is not None:
                result.model._base_dir = location.parent
            self._offices[location] = (result.model, result)
        return self._offices[location]

    @property
    def results(self) -> list[FileResult]:
        return [result for _, result in self._offices.values()]


def _load(name: str) -> Loaded:
    if name == "-":
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        return load_bytes(raw, "<stdin>")
    return load_path(name)


def _validate(loaded: Loaded, model_cls):
    """Validate; on failure, drop the offending fields and try once more so facts still come out.

    Returns (model or None, findings, dropped paths)."""
    from pydantic import ValidationError

    from sco_cli.core.validate import clean_loc, validation_findings

    try:
        return model_cls.model_validate(loaded.data), [], []
    except ValidationError as exc:
        findings = validation_findings(exc, loaded, model_cls)
        dropped = [clean_loc(e["loc"], loaded.data) for e in exc.errors() if e["type"] != "missing"]
        missing = [e for e in exc.errors() if e["type"] == "missing"]
    pruned = None if missing or not dropped else _without(loaded.data, dropped)
    if pruned is None:
        return None, findings, []
    try:
        return model_cls.model_validate(pruned), findings, dropped
    except ValidationError:
        return None, findings, []


def _without(data: dict, paths: list[tuple]) -> dict | None:
    """A copy of `data` without the keys at `paths`, deepest first; None when an offending value
    is a whole list item or the root (dropping it would renumber the list or leave nothing)."""
    pruned = dict(data)
    for path in sorted(paths, key=len, reverse=True):
        if not path:
            return None
        parent = pruned
        for part in path[:-1]:  # copy only the containers on the way down: the file's data stays as read
            child = parent[part]
            child = dict(child) if isinstance(child, dict) else list(child) if isinstance(child, list) else child
            parent[part] = child
            parent = child
        if not isinstance(parent, dict):
            return None
        parent.pop(path[-1], None)
    return pruned


def check_loaded(loaded: Loaded, office, thresholds, as_of: date, only_kind: str | None = None,
                 named: bool = True, office_file: bool = False, keep_model: bool = False) -> FileResult | None:
    """Check one loaded file. Returns None for a folder file of another kind than `only_kind`."""
    from sco_cli.core.registry import rules_for

    result = FileResult(loaded.name, None, list(loaded.findings))
    if loaded.data is None:
        return result
    kind = loaded.data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        if only_kind and not named:
            return None
        line, column = loaded.position(("kind",))
        hint = "start the file with `kind:` " + " / ".join(KINDS)
        hint = did_you_mean(kind, KINDS, hint) if kind else hint
        what = f"unknown kind '{kind}'" if kind is not None else "the file has no `kind:`"
        result.findings.append(Finding("GEN011", ERROR, what, hint, loaded.name, line, column, "kind"))
        return result
    result.kind = kind
    result.anchors = {key: loaded.position((key,)) for key in loaded.data}
    result.thresholds = thresholds
    if only_kind and kind != only_kind:
        if not named:
            return None
        line, column = loaded.position(("kind",))
        result.findings.append(Finding("GEN011", ERROR, f"this is a '{kind}' file, not '{only_kind}'",
                                       f"check it with `sco {kind} check` or `sco check`",
                                       loaded.name, line, column, "kind"))
        return result
    if office_file and kind != "office":
        result.findings.append(Finding("GEN011", ERROR, f"the office file must be `kind: office`, not '{kind}'",
                                       "", loaded.name, *loaded.position(("kind",)), "kind"))
        return result
    spec = KINDS[kind]
    model, problems, dropped = _validate(loaded, _resolve(spec.model))
    result.findings.extend(problems)
    if model is None:
        return result
    result.model = model
    ctx = Context(loaded, model, office, thresholds, as_of)
    if spec.facts:
        ctx.facts = _resolve(spec.facts)(ctx)
        result.facts = ctx.facts
    dropped_fields = [dotted(path) for path in dropped]
    for rule in rules_for(kind):
        fired = False
        for problem in rule.check(ctx):
            where = dotted(problem.at)
            if any(where == d or where.startswith(d + ".") or where.startswith(d + "[") for d in dropped_fields):
                continue
            line, column = loaded.position(problem.at)
            result.findings.append(Finding(rule.code, rule.severity, problem.message, problem.hint,
                                           loaded.name, line, column, where, rule.reference))
            fired = True
        result.checks_passed += not fired
    if spec.after:
        _resolve(spec.after)(ctx.facts, result.findings)
    if not (keep_model or office_file):
        result.model = None
    return result


PARALLEL_MIN_FILES = 200
"""Below this many files, worker processes cost more to start than they save."""


def _check_one(finder: OfficeFinder, name: str, named: bool, as_of: date, only_kind, keep_models: bool):
    from sco_cli.core.thresholds import shipped

    office, _ = finder.office_for(name)
    thresholds = shipped().with_overrides(getattr(office, "thresholds", None))
    result = check_loaded(_load(name), office, thresholds, as_of, only_kind, named, keep_model=keep_models)
    return result, office


def _check_chunk(chunk: list[tuple[str, bool]], as_of: date, config, only_kind) -> list:
    """A worker process's share of a large batch (models are not sent back)."""
    from sco_cli.core.thresholds import shipped

    finder = OfficeFinder(config, shipped())
    return [_check_one(finder, name, named, as_of, only_kind, False)[0] for name, named in chunk]


def check_paths(paths: list[str], as_of: date, config: str | None = None, only_kind: str | None = None,
                keep_models: bool = False, jobs: int = 1, progress=None, offices: bool = False) -> Report:
    """Check every file under `paths`. `jobs` > 1 (0: one per core) spreads large batches over
    processes; `progress(done, total)` is called as files finish; `offices` keeps each file's
    office model in `report.offices` for commands that render documents."""
    import os

    from sco_cli.core.thresholds import shipped

    if not paths:
        raise UsageError("give at least one file or folder (or - for standard input)")
    if config and not Path(config).is_file():
        raise UsageError(f"--config {config}: no such file")
    targets = discover(paths)
    finder = OfficeFinder(config, shipped())
    report = Report(as_of)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    parallel = (workers > 1 and len(targets) >= PARALLEL_MIN_FILES and not keep_models and not offices
                and all(name != "-" for name, _ in targets))
    if parallel:
        _check_parallel(targets, workers, report, as_of, config, only_kind, progress)
        for name, _ in targets:  # offices are found here too, so a broken one is reported once
            finder.office_for(name)
    else:
        for done, (name, named) in enumerate(targets, 1):
            result, office = _check_one(finder, name, named, as_of, only_kind, keep_models)
            if result is not None:
                report.files.append(result)
                if offices:
                    report.offices[result.path] = office
            if progress:
                progress(done, len(targets))
    _run_batch_rules(report)
    # A broken sco.yaml found by walking up is reported even when it was not named.
    checked = {str(Path(r.path).resolve()) for r in report.files if r.path != "<stdin>"}
    for office_result in finder.results:
        broken = any(f.severity == ERROR for f in office_result.findings)
        if broken and str(Path(office_result.path).resolve()) not in checked:
            report.files.append(office_result)
    return report


def _run_batch_rules(report: Report) -> None:
    """Rules that compare files with each other (an LOR against the forecast register)."""
    from sco_cli.core.registry import batch_rules

    touched = {}
    for rule in batch_rules({result.kind for result in report.files if result.kind}):
        for problem in rule.check(report.files):
            problem.result.findings.append(Finding(
                rule.code, rule.severity, problem.message, problem.hint, problem.result.path,
                problem.line, problem.column, problem.field, rule.reference))
            touched[id(problem.result)] = problem.result
    for result in touched.values():  # facts decided from findings see the cross-file ones too
        after = KINDS[result.kind].after if result.kind in KINDS else None
        if after:
            _resolve(after)(result.facts, result.findings)


def _check_parallel(targets, workers: int, report: Report, as_of: date, config, only_kind, progress) -> None:
    from concurrent.futures import ProcessPoolExecutor

    size = max(25, len(targets) // (workers * 8))
    chunks = [targets[i:i + size] for i in range(0, len(targets), size)]
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_check_chunk, chunk, as_of, config, only_kind) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            report.files.extend(r for r in future.result() if r is not None)
            done += len(chunk)
            if progress:
                progress(done, len(targets))
