"""The one flow every command that reads case files goes through, each step once and in order:

    find files -> load YAML -> validate the model -> facts from the model -> file rules
    -> cross-file rules over the batch -> readiness gates (facts that depend on findings)

A rule, a threshold override or a loader fix therefore reaches every command at once, and commands
read the results (model, office, facts, findings) instead of deciding anything again.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from sco_cli.core import registry
from sco_cli.core.context import Context
from sco_cli.core.errors import UsageError
from sco_cli.core.findings import Finding, Severity, YamlPath, dotted
from sco_cli.core.items import ReadItems
from sco_cli.core.loader import MAX_BYTES, Loaded, load_bytes, load_path, read_capped, unreadable
from sco_cli.core.model_cache import ensure_built
from sco_cli.core.office import Office
from sco_cli.core.results import FileResult, Report, record_of
from sco_cli.core.suggest import did_you_mean
from sco_cli.core.thresholds import Thresholds, shipped
from sco_cli.core.validate import clean_loc, is_record, mask_loader_findings, validation_findings
from sco_cli.core.waivers import PlacedWaiver, take_waivers
from sco_cli.core.waiving import apply_waivers

if TYPE_CHECKING:
    from sco_cli.core.kinds import KindTable

Progress = Callable[[int, int], None]

MAX_FINDINGS_PER_FILE = 200
"""Past this many, a file's findings are counted, not listed: 100,000 copies of one mistake help nobody."""

PARALLEL_MIN_FILES = 300
"""Below this many files, a check in one process beats starting workers (`bench/parallel.py` on 2 cores:
even at 200, ahead from 400); `--jobs N` (2 or more) uses workers anyway."""


def worker_count(jobs: int, work: int) -> int:
    """Processes to use: --jobs (0 for one per core), never more than the cores or the work, so
    `-j 100000` on two cores starts two workers, not a hundred thousand."""
    cores = os.cpu_count() or 1
    return max(1, min(jobs or cores, cores, work))


@dataclass(frozen=True)
class CheckOptions:
    """How a run checks: the "today" of every date rule, the office file, the kind a command
    is about, whether it keeps the validated models (commands that render documents do), and
    how many worker processes large batches may use (0: one per core)."""

    as_of: date
    config: str | None = None
    only_kind: str | None = None
    keep_models: bool = False
    keep_events: bool = False
    """Keep each file's calendar events (computed while its model is at hand), not the model: `sco
    calendar` over 16,000 files held every model (394 MiB); the events are a few per file."""
    jobs: int = 1
    skip_kindless: bool = False
    """A named file without `kind:` is skipped with GEN017, as in a folder, not refused with GEN011: for a
    pre-commit hook that names every changed YAML file, CI workflows and editor settings included."""


def blocking_findings(result: FileResult, gate: str) -> list[Finding]:
    """The findings that hold `gate` shut: those of rules declared `blocks=gate` (unless info),
    and any error in the file itself (GEN codes). A waived finding holds nothing shut."""
    blocking = []
    for finding in result.findings:
        rule = registry.RULES.get(finding.code)
        gate_rule = rule is not None and rule.blocks == gate and finding.severity != Severity.INFO
        file_error = finding.code.startswith("GEN") and finding.severity == Severity.ERROR
        if finding.counts and (gate_rule or file_error):
            blocking.append(finding)
    return blocking


def discover(paths: Sequence[str]) -> tuple[list[tuple[str, bool]], list[FileResult]]:
    """Files to check, each with whether the user named it (True) or a folder held it, and a finding for
    each folder that could not be read (GEN019): a silent skip would report "OK" on files never seen.
    Hidden folders (.git, .github) are not searched."""
    found: list[tuple[str, bool]] = []
    unread: list[FileResult] = []

    def refused(error: OSError) -> None:
        where = str(error.filename or "")
        unread.append(FileResult(where, None, unreadable(where, error).findings))

    for raw in paths:
        if raw == "-":
            found.append(("-", True))
            continue
        if not raw:  # Path("") is the current folder: an empty argument is a mistake, not a request for it
            raise UsageError("an empty path: name a file or folder (. for this folder)")
        path = Path(raw)
        if path.is_dir():
            for folder, files in _walk(str(path), refused):
                for name in files:
                    if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                        file = os.path.join(folder, name)
                        if os.path.isfile(file):
                            found.append((file, False))
                        else:  # a pipe or socket would block the run; a dangling link reads nothing
                            why = "a link to nothing" if os.path.islink(file) else "not a regular file"
                            refused(OSError(0, why, file))
        elif path.exists():
            found.append((str(path), True))
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return found, unread


def _walk(top: str, refused: Callable[[OSError], None]) -> Iterator[tuple[str, list[str]]]:
    """Each folder under `top` with its file names, sorted, in the order `os.walk` gives them (a folder,
    then its subfolders depth first), but with a stack instead of recursion: a tree 1,000 folders deep
    is walked, not a RecursionError. Hidden folders are skipped; links to folders are not followed."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            refused(error)
            continue
        files, folders = [], []
        for entry in listed:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                files.append(entry.name)
            elif not entry.is_symlink() and not entry.name.startswith("."):
                folders.append(entry.name)
        yield folder, sorted(files)
        stack.extend(os.path.join(folder, name) for name in sorted(folders, reverse=True))


@dataclass
class OfficeEntry:
    """A file's office, the check of its sco.yaml, and the thresholds in force there."""

    office: Office | None
    result: FileResult | None
    thresholds: Thresholds
    waivers: list[PlacedWaiver] = field(default_factory=list)  # sco.yaml's, for every file under the office


class OfficeFinder:
    """Finds each file's `sco.yaml` by walking up from its folder, or uses `--config`."""

    def __init__(self, kinds: KindTable, options: CheckOptions):
        self.kinds = kinds
        self.options = options
        self._by_dir: dict[Path, Path | None] = {}
        self._entries: dict[Path, OfficeEntry] = {}
        self._folders: dict[str, Path] = {}
        self._entry_by_folder: dict[Path, OfficeEntry] = {}
        self._entry_by_name: dict[str, OfficeEntry] = {}
        self._none = OfficeEntry(None, None, shipped())

    def resolved(self, file: str) -> Path:
        """The file's absolute path through its resolved folder: one `realpath` per folder, not three
        per file. A linked file belongs to the office of the folder it sits in."""
        folder, name = os.path.split(file)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = Path(folder or ".").resolve()
        return real / name

    def _locate(self, start: Path) -> Path | None:
        """The nearest sco.yaml at or above `start`, a loop up the folders (a tree 1,000 folders deep is
        no RecursionError); every folder passed on the way remembers the answer."""
        passed: list[Path] = []
        folder = start
        while True:
            if folder in self._by_dir:
                found = self._by_dir[folder]
                break
            passed.append(folder)
            candidate = folder / "sco.yaml"
            if candidate.is_file():
                found = candidate
                break
            if folder.parent == folder:
                found = None
                break
            folder = folder.parent
        for seen in passed:
            self._by_dir[seen] = found
        return found

    def entry_for(self, file: str) -> OfficeEntry:
        """The office of the file's folder: found once per folder as written, then once per real folder."""
        folder = None if file == "-" else os.path.dirname(file)
        entry = self._entry_by_name.get(folder) if folder is not None else None
        if entry is None:
            start = Path.cwd() if folder is None else self.resolved(file).parent
            entry = self._entry_by_folder.get(start)
            if entry is None:
                entry = self._entry_by_folder[start] = self._entry_from(start)
            if folder is not None:
                self._entry_by_name[folder] = entry
        return entry

    def _entry_from(self, start: Path) -> OfficeEntry:
        location = Path(self.options.config) if self.options.config else self._locate(start)
        if location is None:
            return self._none
        location = location.resolve()
        if location not in self._entries:
            self._entries[location] = self._check_office(location)
        return self._entries[location]

    def _check_office(self, location: Path) -> OfficeEntry:
        office_options = replace(self.options, only_kind=None, keep_models=True)
        loaded = load_path(location)
        result = check_file(loaded, self.kinds, self._none, office_options, office_file=True)
        office = result.model if result is not None and isinstance(result.model, Office) else None
        if office is None:
            return OfficeEntry(None, result, shipped())
        office.located_at(location, named=bool(self.options.config))
        waivers = [
            PlacedWaiver(waiver, str(location), loaded.position(("waivers", index)), office.base_dir)
            for index, waiver in enumerate(office.waivers)
        ]
        return OfficeEntry(office, result, shipped().with_overrides(office.threshold_overrides()), waivers)

    def excluded(self, file: str) -> bool:
        """Whether the office's `exclude:` globs name this file (relative to the sco.yaml folder)."""
        office = self.entry_for(file).office
        if office is None or not office.exclude:
            return False
        try:
            relative = self.resolved(file).relative_to(office.base_dir).as_posix()
        except ValueError:
            return False
        return any(fnmatch.fnmatch(relative, pattern) for pattern in office.exclude)

    def broken_results(self) -> list[FileResult]:
        """Office files that do not load as written (GEN errors: syntax, unknown or wrong fields). A rule
        about the office's contents (an LE staff investigation due) is reported when sco.yaml is checked
        itself; it does not make every other file's check fail."""
        return [
            e.result
            for e in self._entries.values()
            if e.result is not None
            and any(f.code.startswith("GEN") and f.severity == Severity.ERROR and f.counts for f in e.result.findings)
        ]


def read_input(name: str) -> Loaded:
    """A file, or standard input for `-`: read up to the same 5 MiB cap, never without end."""
    if name == "-":
        stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
        raw = read_capped(stream) if stream else sys.stdin.read(MAX_BYTES + 1).encode()
        return load_bytes(raw, "<stdin>")
    return load_path(name)


def _kind_finding(loaded: Loaded, message: str, hint: str) -> Finding:
    line, column = loaded.position(("kind",))
    return Finding("GEN011", Severity.ERROR, message, hint, loaded.name, line, column, "kind")


def _settle_kind(
    loaded: Loaded, data: dict[str, Any], kinds: KindTable, options: CheckOptions, named: bool, office_file: bool
) -> tuple[str | None, Finding | None]:
    """The file's kind (any case), or the finding that says why it has none usable here. (None, None) means
    "not for this command". A folder file of another kind than the command's is checked all the same (the
    cross-file rules read it: an LOR against the forecast register and the budget) and left out of the
    report afterwards (`FileResult.context_only`); a named one is refused."""
    raw = data.get("kind")
    kind = raw.strip().lower() if isinstance(raw, str) else raw
    if "kind" not in data and (not named or options.skip_kindless) and not office_file:
        return None, Finding(
            "GEN017",
            Severity.INFO,
            "skipped: the file has no `kind:` (not an sco file?)",
            "add `kind:` if it is one, or list it under `exclude:` in sco.yaml",
            loaded.name,
            1,
            1,
        )
    if not isinstance(kind, str) or kind not in kinds:
        hint = "start the file with `kind:` " + " / ".join(kinds)
        if kind is None:
            return None, _kind_finding(loaded, "the file has no `kind:`", hint)
        return None, _kind_finding(loaded, f"unknown kind '{raw}'", did_you_mean(kind, kinds, hint))
    if office_file and kind != "office":
        return None, _kind_finding(loaded, f"the office file must be `kind: office`, not '{kind}'", "")
    if options.only_kind and kind != options.only_kind and not office_file and named:
        return None, _kind_finding(
            loaded, f"this is a '{kind}' file, not '{options.only_kind}'", "check it with `sco check`"
        )
    return kind, None


def _validate(
    loaded: Loaded, data: dict[str, Any], model_cls: type[BaseModel], result: FileResult
) -> tuple[BaseModel | None, list[YamlPath]]:
    """Validate; on failure, leave out what could not be read and try again, so that facts still come
    out and a register's other entries are still read. A value that cannot be read is dropped (its field
    falls back to its default); a record in a list that lacks a required field, or whose required value
    cannot be read, or that is not a record at all, is left out of the model whole (`core/items.py`: the
    list keeps the file's numbering). Only what is not in any list (a required top-level field) leaves
    the whole file unread. Findings go to `result` (past the per-file cap, counted only). Returns the
    model (or None) and the paths left out, as the file numbers them."""
    try:
        return model_cls.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    findings, not_described = validation_findings(errors, loaded, model_cls, MAX_FINDINGS_PER_FILE)
    result.findings.extend(findings)
    if not_described:
        result.hidden[Severity.ERROR] = result.hidden.get(Severity.ERROR, 0) + not_described
    dropped: set[YamlPath] = set()
    for error in errors:
        path = clean_loc(error["loc"], data)
        plain_value = error["type"] != "missing" and not _list_item(path, data)
        leave_out = path if plain_value else _record(path, data, model_cls)
        if leave_out is None:
            return None, []
        dropped.add(leave_out)
    for _ in range(_MAX_ROUNDS):
        pruned = _without(data, dropped)
        if pruned is None:
            return None, []
        try:
            model = model_cls.model_validate(pruned.data)
        except ValidationError as exc:  # a required field was dropped, or a list left too short
            records = {
                _record(pruned.original(clean_loc(e["loc"], pruned.data)), data, model_cls) for e in exc.errors()
            }
            if None in records or records <= dropped:
                return None, []
            dropped |= {record for record in records if record is not None}
            continue
        if not _keep_places(model, pruned.places, dropped):
            return None, []
        unknown = {clean_loc(e["loc"], data) for e in errors if e["type"] == "extra_forbidden"}
        _name_records(loaded, dropped - unknown, result)
        return model, sorted(dropped, key=_as_text)
    return None, []


def _name_records(loaded: Loaded, unread: Iterable[YamlPath], result: FileResult) -> None:
    """Each record holding something sco could not read, with its line, so that a report names it even
    when its finding is past the per-file cap (an unknown field, GEN008, is read around: not among them)."""
    for path in unread:
        record = record_of(path)
        if record is not None and dotted(record) not in result.records_not_read:
            result.records_not_read[dotted(record)] = loaded.position(record)[0]


_MAX_ROUNDS = 6
"""Each round leaves out the records holding what the last one could not validate (a required field
dropped, a nested list left too short): one level of nesting per round, so a few are enough."""


def _list_item(path: YamlPath, data: Any) -> bool:
    """Whether `path` is an item of a list (not a key of a mapping, such as a year)."""
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return bool(path) and isinstance(node, list)


def _record(path: YamlPath, data: Any, model_cls: type[BaseModel]) -> YamlPath | None:
    """The innermost record in a list that `path` lies in (`entries[3]` for `entries[3].probability`, and
    for a serial number of `articles[3].delivered`), None when it lies in none: leaving out that record is
    what a required field missing costs. A plain value in a list is no record: its list is the record's."""
    node, found = data, None
    for depth, part in enumerate(path):
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if is_record(model_cls, path[: depth + 1]):
                found = path[: depth + 1]
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
    return found


@dataclass
class _Pruned:
    """The file's data without what could not be read, and where each list's remaining items stand in
    the file (list path as the file numbers it -> the file's index of each item kept)."""

    data: dict[str, Any]
    places: dict[YamlPath, tuple[int, ...]]

    def original(self, path: YamlPath) -> YamlPath:
        """A path into the pruned data, numbered as the file numbers it."""
        out: list[int | str] = []
        for part in path:
            kept = self.places.get(tuple(out))
            if kept is not None and isinstance(part, int) and 0 <= part < len(kept):
                part = kept[part]
            out.append(part)
        return tuple(out)


def _without(data: dict[str, Any], paths: Iterable[YamlPath]) -> _Pruned | None:
    """A copy of `data` without the keys and list items at `paths`; None when one is the root or lies
    under a value that holds no keys. Each container on the way is copied once, however many paths pass
    through it, and each list is filtered once, so 100,000 bad items cost 100,000 steps, not their
    square; the file's own data stays as read."""
    root = dict(data)
    copies: dict[int, Any] = {id(data): root}
    removed: dict[int, tuple[YamlPath, list[Any], set[int]]] = {}
    for path in sorted(paths, key=len, reverse=True):  # inner first: a walk copies the keys it passes
        if not path:
            return None
        original: Any = data
        copy: Any = root
        for part in path[:-1]:
            child = original[part]
            if not isinstance(child, (dict, list)):
                return None
            if id(child) not in copies:
                copies[id(child)] = dict(child) if isinstance(child, dict) else list(child)
                copy[part] = copies[id(child)]
            original, copy = child, copies[id(child)]
        last = path[-1]
        if isinstance(copy, dict):
            copy.pop(last, None)
        elif isinstance(copy, list) and isinstance(last, int):
            removed.setdefault(id(original), (path[:-1], copy, set()))[2].add(last)
        else:
            return None
    places: dict[YamlPath, tuple[int, ...]] = {}
    for where, items, gone in removed.values():  # after every walk: the walks number items as the file does
        kept = tuple(index for index in range(len(items)) if index not in gone)
        items[:] = [items[index] for index in kept]
        places[where] = kept
    return _Pruned(root, places)


def _keep_places(model: BaseModel, places: dict[YamlPath, tuple[int, ...]], dropped: set[YamlPath]) -> bool:
    """Put each list that lost items back into the model as `ReadItems`, which know each item's index in
    the file. False when a list cannot be found as expected (the model reshaped it): then the file is
    not read rather than read with its items misnumbered."""
    positions: dict[int, dict[int, int]] = {}  # id(ReadItems) -> file index -> position in the model
    for where, kept in sorted(places.items(), key=lambda item: len(item[0])):
        if _inside(where, dropped):
            continue  # a list inside a record left out: not in the model
        parent: Any = None
        node: Any = model
        for part in where:
            parent, node = node, _child(node, part, positions)
            if node is _ABSENT:
                return False
        if not isinstance(node, list) or len(node) != len(kept):
            return False
        items = ReadItems(node, kept)
        positions[id(items)] = {index: position for position, index in enumerate(kept)}
        if not _replace(parent, where[-1], node, items):
            return False
    return True


_ABSENT = object()


def _child(node: Any, part: int | str, positions: dict[int, dict[int, int]]) -> Any:
    """The model's value under `node` at one part of a file path (list indices as the file numbers them)."""
    if isinstance(node, BaseModel):
        return getattr(node, part) if isinstance(part, str) and part in type(node).model_fields else _ABSENT
    if isinstance(node, dict):
        for key in (part, int(part) if isinstance(part, str) and part.isdigit() else None, str(part)):
            if key is not None and key in node:
                return node[key]
        return _ABSENT
    if isinstance(node, list) and isinstance(part, int):
        position = positions[id(node)].get(part) if id(node) in positions else part
        return node[position] if position is not None and 0 <= position < len(node) else _ABSENT
    return _ABSENT


def _replace(parent: Any, part: int | str, old: list[Any], new: list[Any]) -> bool:
    """Put `new` where `old` stands under `parent`."""
    if isinstance(parent, BaseModel) and isinstance(part, str):
        parent.__dict__[part] = new
        return True
    if isinstance(parent, dict):
        for key, value in parent.items():
            if value is old:
                parent[key] = new
                return True
    if isinstance(parent, list):
        for position, value in enumerate(parent):
            if value is old:
                parent[position] = new
                return True
    return False


def _inside(path: YamlPath, dropped: set[YamlPath]) -> bool:
    """Whether `path` is a dropped field or lies under one: a look-up per level, not per dropped field."""
    return any(path[:depth] in dropped for depth in range(1, len(path) + 1))


class _Unreadable:
    """The fields that could not be read in one file, indexed so that asking whether a finding waits for
    one of them costs a few look-ups however many there are (100,000 bad list items share one shape)."""

    def __init__(self, dropped: set[YamlPath], records: set[YamlPath]):
        self.above = {_as_text(path[:depth]) for path in dropped for depth in range(1, len(path) + 1)}
        # a record left out of a list inside another record (an inventory of an article): that other record
        # is not read whole, so its findings wait ("no inventory since arrival" while one is unreadable)
        self.holders = {_as_text(path[:-2]) for path in records if len(path) > 2}
        # (field names, positions of list indices and year keys) -> every prefix of those, as text
        self.shapes: dict[tuple[str, tuple[int, ...]], set[tuple[str, ...]]] = {}
        for path in dropped:
            names = ".".join(str(part) for part in path if not _positional(part))
            where = tuple(i for i, part in enumerate(path) if _positional(part))
            indices = tuple(str(path[i]) for i in where)
            prefixes = self.shapes.setdefault((names, where), set())
            prefixes.update(indices[:n] for n in range(len(indices) + 1))

    def holds_back(self, rule: registry.Rule, at: YamlPath) -> bool:
        """Whether a finding at `at` depends on a value that could not be read, so that it would be wrong or
        a second finding for one mistake: it is about a record holding an unreadable field (`at` is above
        it, the file's root excepted), or its rule `reads` an unreadable field of the same record (list
        positions and year keys agree as far as both go: a bad date in requirement 1 says nothing of
        requirement 2, a bad FY2028 line nothing of FY2027)."""
        if at and _as_text(at) in self.above:  # at or above an unreadable field (the root excepted)
            return True
        if self.holders and any(_as_text(at[:depth]) in self.holders for depth in range(1, len(at) + 1)):
            return True
        if not rule.reads:
            return False
        for (names, where), prefixes in self.shapes.items():
            if not any(names == read or names.startswith(read + ".") for read in rule.reads):
                continue
            shared = [i for i in where if i < len(at)]
            if all(_positional(at[i]) for i in shared):
                if tuple(str(at[i]) for i in shared) in prefixes:
                    return True
            else:  # `at` names a field where the unreadable one has a position: the whole collection is its record
                return True
        return False


def _as_text(path: YamlPath) -> tuple[str, ...]:
    """A path with every part as text: the year 2027 of the file and the "2027" of a rule's path agree."""
    return tuple(str(part) for part in path)


def _positional(part: int | str) -> bool:
    """A list position or a year key (`years: {2027: ...}`, written 2027 in the file, "2027" in a path)."""
    return isinstance(part, int) or part.isdigit()


def _run_file_rules(
    ctx: Context[Any], kind: str, dropped: set[YamlPath], result: FileResult, records: set[YamlPath]
) -> None:
    """Each rule of the kind once; a rule that says nothing counts as a check passed. Findings on
    a field that failed validation, or on a record left out (`records`), are not repeated: the GEN
    finding already covers it."""
    unreadable = _Unreadable(dropped, records) if dropped else None
    for rule in registry.file_rules(kind):
        assert rule.check is not None
        fired = False
        for problem in rule.check(ctx):
            where = dotted(problem.at)
            if unreadable and (_inside(problem.at, dropped) or unreadable.holds_back(rule, problem.at)):
                continue
            line, column = ctx.loaded.position(problem.at)
            result.findings.append(
                Finding(
                    rule.code,
                    rule.severity,
                    problem.message,
                    problem.hint,
                    result.path,
                    line,
                    column,
                    where,
                    rule.reference,
                )
            )
            fired = True
        result.checks_passed += not fired


def check_file(
    loaded: Loaded,
    kinds: KindTable,
    office: OfficeEntry,
    options: CheckOptions,
    named: bool = True,
    office_file: bool = False,
) -> FileResult | None:
    """Validate, facts, file rules: everything about one file that needs no other file. None when
    the file is not for this command (`_settle_kind` says so)."""
    result = FileResult(loaded.name, None, list(loaded.findings), office=office.office, thresholds=office.thresholds)
    if not isinstance(loaded.data, dict):
        return result
    data: dict[str, Any] = dict(loaded.data)  # a copy: the file's waivers are taken out of it
    kind, problem = _settle_kind(loaded, data, kinds, options, named, office_file)
    if kind is None:
        if problem is None:
            return None
        result.findings.append(problem)
        return result
    result.kind = kind
    result.context_only = bool(options.only_kind) and kind != options.only_kind and not office_file
    spec = kinds.get(kind)
    mask_loader_findings(loaded, result.findings, spec.model)
    kept = data if options.keep_models or options.keep_events else ("kind", "id", *spec.anchors)
    result.anchors = {key: loaded.position((key,)) for key in kept if key in data}
    if kind != "office":  # the office model holds its own waivers
        result.waivers, problems = take_waivers(loaded, data)
        result.findings.extend(problems)
    if office.waivers:
        result.waivers = result.waivers + office.waivers
    ensure_built(spec.model)  # from the user's cache when it holds this installation's compiled model
    model, dropped = _validate(loaded, data, spec.model, result)
    if model is None:
        return result
    ctx = Context(loaded, model, office.office, office.thresholds, options.as_of, unreadable=frozenset(dropped))
    if spec.facts is not None:
        result.facts = ctx.facts = _shared_strings(spec.facts(ctx))
    records = {path for path in dropped if _list_item(path, data) and is_record(spec.model, path)}
    _run_file_rules(ctx, kind, set(dropped), result, records)
    result.model = model
    if options.keep_events and not result.context_only:
        result.events = list(spec.events(result)) if spec.events is not None else []
    if not options.keep_models or result.context_only:
        result.model = None
    return result


def _shared_strings(facts: dict[str, Any]) -> dict[str, Any]:
    """Short texts in the facts (dates, statuses, codes) repeat across a batch: one copy each, since
    the facts of every file are kept until the report is written."""
    for key, value in facts.items():
        if type(value) is str and len(value) <= 32:
            facts[key] = sys.intern(value)
    return facts


def _refuse_other_kinds(entry: OfficeEntry, config: str) -> None:
    """`--config` naming an LOR or a student file is a mistake on the command line, not in the file."""
    wrong = [f for f in (entry.result.findings if entry.result else []) if f.code == "GEN011"]
    if wrong:
        raise UsageError(f"--config {config}: not an office file ({wrong[0].message})")


def _check_named(finder: OfficeFinder, name: str, named: bool) -> FileResult | None:
    return check_file(read_input(name), finder.kinds, finder.entry_for(name), finder.options, named)


def _check_chunk(chunk: list[tuple[str, bool]], kinds: KindTable, options: CheckOptions) -> list[FileResult | None]:
    """A worker process's share of a large batch. The parent attaches offices: a worker sends
    back findings, facts and anchors only."""
    finder = OfficeFinder(kinds, options)
    results = []
    for name, named in chunk:
        result = _check_named(finder, name, named)
        if result is not None:
            result.office, result.thresholds = None, None
        results.append(result)
    return results


def _run_cross_file_rules(results: list[FileResult], kinds: KindTable) -> None:
    """Every cross-file rule of the kinds present, over the whole batch. The kinds are loaded here
    first: after a parallel run only the workers have met them, and a rule module never imported
    in this process registers no rule, so the batch would silently pass (350 students on one ITO
    number said "0 errors" with --jobs 2)."""
    present = {r.kind for r in results if r.kind}
    for kind in sorted(present):
        kinds.get(kind)
    for rule in registry.batch_rules(present):
        assert rule.across is not None
        for problem in rule.across(results):
            problem.result.findings.append(
                Finding(
                    rule.code,
                    rule.severity,
                    problem.message,
                    problem.hint,
                    problem.result.path,
                    problem.line,
                    problem.column,
                    problem.field,
                    rule.reference,
                )
            )


def _cap(result: FileResult) -> None:
    """Keep the first findings of a file (in line order), count the rest, and say so (GEN018).

    Validation problems past the cap were only counted (`hidden`); they come after the ones
    described, since Pydantic reports in the order of the data."""
    counted = sum(result.hidden.values())
    if len(result.findings) <= MAX_FINDINGS_PER_FILE and not counted:
        return
    ordered = sorted(result.findings, key=lambda f: (f.line, f.column, f.severity.rank))
    kept, rest = ordered[:MAX_FINDINGS_PER_FILE], ordered[MAX_FINDINGS_PER_FILE:]
    for finding in rest:
        if finding.counts:
            result.hidden[finding.severity] = result.hidden.get(finding.severity, 0) + 1
    counts = ", ".join(f"{n} {severity}" for severity, n in result.hidden.items())
    kept.append(
        Finding(
            "GEN018",
            Severity.INFO,
            f"... and {len(rest) + counted} more findings not listed ({counts})",
            "fix the first ones and check again",
            result.path,
            kept[-1].line if kept else 1,
            1,
        )
    )
    result.findings = kept


def _rule_codes(wanted: set[str], kinds: KindTable) -> set[str]:
    """Every rule code, loading the other kinds' rules only when a waiver names a code not yet seen."""
    from sco_cli.core import general_rules  # noqa: PLC0415 - registers the GEN codes when a waiver needs them

    assert general_rules
    if not wanted <= set(registry.RULES):
        kinds.load_all()
    return set(registry.RULES)


def _decide_gates(results: Iterable[FileResult], kinds: KindTable) -> None:
    """Readiness depends on every finding, cross-file ones included, so it is decided last."""
    for result in results:
        if result.kind is None or not result.facts:
            continue
        for gate in kinds.get(result.kind).gates:
            blocking = blocking_findings(result, gate)
            result.facts[sys.intern(f"{gate}_ready")] = not blocking
            result.facts[sys.intern(f"{gate}_blockers")] = sorted(
                {f.code for f in blocking if not f.code.startswith("GEN")}
            )


def check_paths(
    paths: Sequence[str], kinds: KindTable, options: CheckOptions, progress: Progress | None = None
) -> Report:
    """Check every file under `paths`; `progress(done, total)` is called as files finish."""
    if not paths:
        raise UsageError("give at least one file or folder (or - for standard input)")
    if options.config and not Path(options.config).is_file():
        raise UsageError(f"--config {options.config}: no such file")
    finder = OfficeFinder(kinds, options)
    if options.config:
        _refuse_other_kinds(finder.entry_for("-"), options.config)
    discovered, unread = discover(paths)
    targets = [(name, named) for name, named in discovered if named or not finder.excluded(name)]
    report = Report(options.as_of, wanted=options.only_kind)
    workers = worker_count(options.jobs, len(targets))
    parallel = (
        workers > 1
        and (options.jobs > 1 or len(targets) >= PARALLEL_MIN_FILES)  # --jobs N: the user's choice
        and not options.keep_models
        and all(name != "-" for name, _ in targets)
    )
    results = (
        _in_processes(targets, finder, workers, progress) if parallel else _in_this_process(targets, finder, progress)
    )
    for result in results:
        if result is not None:
            if parallel:  # the offices are found here too, so a broken one is reported once
                entry = finder.entry_for(result.path)
                result.office, result.thresholds = entry.office, entry.thresholds
            report.files.append(result)
    report.files += unread
    _run_cross_file_rules(report.files, kinds)
    known = _rule_codes({w.waiver.rule for r in report.files for w in r.waivers}, kinds)
    for result in report.files:
        apply_waivers(result, result.waivers, options.as_of, known)
    _decide_gates(report.files, kinds)
    # `sco lor check DIR` says of each LOR exactly what `sco check DIR` says: the other kinds were checked
    # with it for the cross-file rules, and only now left out
    report.files = [result for result in report.files if not result.context_only]
    for result in report.files:
        _cap(result)
    # A broken sco.yaml found by walking up is reported even when it was not named.
    broken = finder.broken_results()
    checked = {finder.resolved(r.path) for r in report.files if r.path != "<stdin>"} if broken else set()
    for office_result in broken:
        report.broken_offices.append(office_result)
        if finder.resolved(office_result.path) not in checked:
            report.files.append(office_result)
    return report


def _in_this_process(
    targets: list[tuple[str, bool]], finder: OfficeFinder, progress: Progress | None
) -> Iterable[FileResult | None]:
    for done, (name, named) in enumerate(targets, 1):
        yield _check_named(finder, name, named)
        if progress:
            progress(done, len(targets))


def _in_processes(
    targets: list[tuple[str, bool]], finder: OfficeFinder, workers: int, progress: Progress | None
) -> list[FileResult | None]:
    """The batch in worker processes. The first file of each share is checked here first, before the
    workers are forked: the kinds those files meet are imported and their rules and models used once,
    here, and every worker inherits them. Each worker used to import and warm its kinds itself, about
    0.04 s of CPU at its start and on the way to the answer (bench/check_parallel.py, docs/performance.md)."""
    from sco_cli.core.parallel import WorkerPool  # noqa: PLC0415 - multiprocessing costs start-up; big batches only

    size = max(25, len(targets) // (workers * 8))
    chunks = [targets[i : i + size] for i in range(0, len(targets), size)]
    heads = [_check_named(finder, name, named) for name, named in (chunk[0] for chunk in chunks)]
    check_rest = partial(_check_chunk, kinds=finder.kinds, options=finder.options)
    results: list[FileResult | None] = []
    with WorkerPool(min(workers, len(chunks))) as pool:
        for head, rest in zip(heads, pool.map(check_rest, [chunk[1:] for chunk in chunks]), strict=True):
            results.append(head)
            results.extend(rest)
            if progress:
                progress(len(results), len(targets))
    return results
