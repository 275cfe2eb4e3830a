"""Compiled models kept between runs (`core.model_cache`, issue 20 point 9): every kind's model is
stored and read back, a run from the cache says exactly what a run without it says, and a missing,
corrupt, foreign, stale or unsafe entry is never an error and never a different answer."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from sco_cli.core import model_cache
from sco_cli.kinds import KINDS
from tests.helpers import AS_OF, EXAMPLES, ROOT

LOR = "sco_cli.lor.model.Lor.pickle"
OFFICE = "sco_cli.core.office.Office.pickle"

# A process that checks the examples and says, on stderr, which models Pydantic had to build itself
# (generated their core schema) instead of taking them from the cache.
_COUNTING = """
import sys
from pydantic._internal import _model_construction
built = []
original = _model_construction.complete_model_class
def counting(cls, *args, **kwargs):
    built.append(cls.__qualname__)
    return original(cls, *args, **kwargs)
_model_construction.complete_model_class = counting
from sco_cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("BUILT " + " ".join(sorted(set(built))), file=sys.stderr)
sys.exit(code)
"""


def _run(cache: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, set[str]]:
    """`sco check examples` (or `args`) with the user cache folder at `cache`: exit code, standard
    output, and the models Pydantic built from their types in that run."""
    environment = {k: v for k, v in os.environ.items() if k != "SCO_NO_CACHE"} | {"XDG_CACHE_HOME": str(cache)}
    environment |= env or {}
    command = args or ("check", str(EXAMPLES), "--format", "json", "--as-of", AS_OF)
    done = subprocess.run(
        [sys.executable, "-P", "-c", _COUNTING, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    built = done.stderr.rsplit("BUILT", 1)[1].split()
    return done.returncode, done.stdout, set(built)


def _entries(cache: Path) -> dict[str, Path]:
    """The entries of the one installation that wrote to `cache` (each installation has a folder)."""
    folders = _installations(cache)
    assert len(folders) <= 1, folders
    return {path.name: path for path in folders[0].glob("*.pickle")} if folders else {}


def _installations(cache: Path) -> list[Path]:
    folder = cache / "sco" / "models"
    return sorted(path for path in folder.iterdir() if path.is_dir()) if folder.exists() else []


@pytest.fixture(scope="module")
def uncached() -> tuple[int, str]:
    """The check of every example with no cache at all: the answer every cached run must give."""
    code, out, built = _run(Path("/nonexistent"), env={"SCO_NO_CACHE": "1"})
    assert {"Lor", "Office", "Student"} <= built
    return code, out


def test_every_kind_is_stored_and_then_read_instead_of_built(tmp_path, uncached):
    code, out, built = _run(tmp_path)
    assert (code, out) == uncached
    names = {f"{spec.model.__module__}.{spec.model.__qualname__}.pickle" for spec in KINDS.load_all()}
    assert names <= set(_entries(tmp_path)), "a kind's model could not be stored (a lambda or closure in it?)"
    roots = {spec.model.__qualname__ for spec in KINDS.load_all()}
    assert roots <= built
    code, out, built = _run(tmp_path)
    assert (code, out) == uncached
    assert built & roots == set(), "read from the cache, no kind's model is built again"
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in _entries(tmp_path).values())
    assert (tmp_path / "sco" / "models").stat().st_mode & 0o777 == 0o700
    assert _installations(tmp_path)[0].stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(
    "damage",
    [
        "empty",
        "truncated",
        "garbage after the key",
        "no key",
        "another installation's key",
        "a foreign object",
        "another model's schema",
        "writable by others",
        "a link",
        "a folder",
    ],
)
def test_a_damaged_entry_is_a_miss_never_an_error_or_another_answer(tmp_path, uncached, damage):
    _run(tmp_path)
    entries = _entries(tmp_path)
    lor, office = entries[LOR], entries[OFFICE]
    whole = lor.read_bytes()
    key, _, body = whole.partition(b"\0")
    if damage == "empty":
        lor.write_bytes(b"")
    elif damage == "truncated":
        lor.write_bytes(whole[: len(key) + 1 + len(body) // 2])
    elif damage == "garbage after the key":
        lor.write_bytes(key + b"\0" + os.urandom(4000))
    elif damage == "no key":
        lor.write_bytes(body)
    elif damage == "another installation's key":
        lor.write_bytes(key.replace(b"pydantic ", b"pydantic 0.") + b"\0" + body)
    elif damage == "a foreign object":  # anything but sco's and Pydantic's names is refused before it is made
        lor.write_bytes(key + b"\0" + pickle.dumps({"type": "model", "cls": os.system}))
    elif damage == "another model's schema":
        lor.write_bytes(key + b"\0" + office.read_bytes().partition(b"\0")[2])
    elif damage == "writable by others":
        lor.chmod(0o666)
    elif damage == "a link":
        lor.unlink()
        lor.symlink_to(office)
    elif damage == "a folder":
        lor.unlink()
        lor.mkdir()
    code, out, built = _run(tmp_path)
    assert (code, out) == uncached
    assert "Lor" in built
    assert list((tmp_path / "sco" / "models").rglob("*.tmp")) == [], "a write that failed left its temporary file"
    if damage != "a folder":  # stored again, whole, and read by the next run
        assert _entries(tmp_path)[LOR].read_bytes().startswith(key + b"\0")
        assert _entries(tmp_path)[LOR].stat().st_mode & 0o777 == 0o600
        code, out, built = _run(tmp_path)
        assert (code, out) == uncached
        assert "Lor" not in built


_SCHEMAS_AND_DUMPS = """
import json, os
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
from sco_cli.core.loader import load_path
from sco_cli.core.model_cache import ensure_built
from sco_cli.kinds import KINDS
out = {}
for name in KINDS:
    spec = KINDS.get(name)
    ensure_built(spec.model)
    data = dict(load_path("examples/" + spec.example).data)
    if name != "office":  # the pipeline takes a file's waivers out before validating
        data.pop("waivers", None)
    out[name] = [spec.model.model_json_schema(), spec.model.model_validate(data).model_dump(mode="json")]
print(json.dumps(out, sort_keys=True, default=str))
"""


def test_a_model_from_the_cache_exports_and_dumps_as_a_built_one(tmp_path):
    """Beyond validation: the JSON schema (`sco schema export`) and the serializer of a model read from the
    cache are those of the model Pydantic builds."""

    def run(env: dict[str, str]) -> str:
        environment = {k: v for k, v in os.environ.items() if k != "SCO_NO_CACHE"} | env
        done = subprocess.run(
            [sys.executable, "-P", "-c", _SCHEMAS_AND_DUMPS], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    built = run({"SCO_NO_CACHE": "1"})
    run({"XDG_CACHE_HOME": str(tmp_path)})
    assert len(_entries(tmp_path)) == len(KINDS.names())
    assert run({"XDG_CACHE_HOME": str(tmp_path)}) == built


def test_an_edit_to_sco_builds_anew(tmp_path, monkeypatch):
    """The key holds every file of the package by size and modification time, so an edited model (or
    shipped data) is never validated with the schema of the code before the edit."""
    before = model_cache._installation()
    monkeypatch.setattr(model_cache, "_tree_stamp", None)
    source = Path(model_cache.__file__).with_name("office.py")
    status = source.stat()
    try:
        os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
        assert model_cache._installation() != before
    finally:
        os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns))
    monkeypatch.setattr(model_cache, "_tree_stamp", None)
    assert model_cache._installation() == before


def test_no_cache_folder_to_write_is_no_error(tmp_path, uncached):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _run(blocked)[:2] == uncached
    assert _run(tmp_path, env={"SCO_NO_CACHE": "1"})[:2] == uncached
    assert _entries(tmp_path) == {}


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch, tmp_path):
    """The XDG rule: a relative XDG_CACHE_HOME is not a place (it would follow the current folder)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert model_cache.cache_folder() == str(tmp_path / ".cache" / "sco" / "models")
    monkeypatch.setenv("SCO_NO_CACHE", "1")
    assert model_cache.cache_folder() is None


def test_a_pydantic_release_not_checked_builds_every_model(monkeypatch: pytest.MonkeyPatch):
    """`_install` completes a model as Pydantic's `complete_model_class` does once it has a core schema: a
    Pydantic release it was not read against never uses the cache (sco builds every model every run, correct
    and only slower) until it is checked and added to PYDANTIC_CHECKED. A new release installed by a fresh
    environment must not turn CI red, nor be trusted unread."""
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    model = KINDS.get("lor").model
    assert model_cache._storable(model) is pydantic.VERSION.startswith(model_cache.PYDANTIC_CHECKED)
    monkeypatch.setattr(model_cache, "PYDANTIC_CHECKED", ("0.0.",))
    assert not model_cache._storable(model)


def _copy_of_sco(tmp_path: Path) -> Path:
    """Another installation of the same sco: the package copied elsewhere, with the modification times of
    the copy (as a second `pip install` has)."""
    import shutil

    other = tmp_path / "other-installation"
    shutil.copytree(
        ROOT / "sco_cli",
        other / "sco_cli",
        ignore=shutil.ignore_patterns("__pycache__"),
        copy_function=shutil.copyfile,
    )
    return other


def test_two_installations_run_in_turn_keep_each_their_entries(tmp_path, uncached):
    """A pre-commit hook's environment and a `pip install` of sco, run in turn: each reads its own entries
    instead of rebuilding and replacing the other's on every switch."""
    cache = tmp_path / "cache"
    other = {"PYTHONPATH": str(_copy_of_sco(tmp_path))}
    _run(cache)
    code, out, built = _run(cache, env=other)
    assert (code, out) == uncached and "Lor" in built  # the copy's first run builds its own
    assert len(_installations(cache)) == 2
    for env in (None, other, None, other):
        code, out, built = _run(cache, env=env)
        assert (code, out) == uncached
        assert "Lor" not in built and "Office" not in built


def test_old_installations_are_pruned_and_nothing_else_is_touched(tmp_path, uncached):
    cache = tmp_path / "cache"
    models = cache / "sco" / "models"
    models.mkdir(parents=True, mode=0o700)
    old = []
    for number in range(5):  # five installations' folders, written long ago, oldest first
        folder = models / f"{number:032x}"
        folder.mkdir(mode=0o700)
        (folder / LOR).write_bytes(b"old")
        os.utime(folder, (1_000_000 + number, 1_000_000 + number))
        old.append(folder)
    (models / LOR).write_bytes(b"an entry of the layout before")
    (models / "notes.txt").write_text("the user's")
    (models / "not-sco-s").mkdir()
    assert _run(cache)[:2] == uncached
    kept = [path for path in old if path.exists()]
    assert kept == old[-(model_cache.KEPT_INSTALLATIONS - 1) :], "the most recently used stay"
    assert len(_installations(cache)) == model_cache.KEPT_INSTALLATIONS + 1  # with the user's own folder
    assert not (models / LOR).exists()
    assert (models / "notes.txt").read_text() == "the user's" and (models / "not-sco-s").is_dir()


def test_an_installation_in_use_is_kept_however_long_ago_it_was_written(tmp_path, uncached):
    """Pruning goes by use: the installation run every day outlives others written after it."""
    cache = tmp_path / "cache"
    _run(cache)
    (ours,) = _installations(cache)
    os.utime(ours, (1_000_000, 1_000_000))  # written long ago
    newer = []
    for number in range(model_cache.KEPT_INSTALLATIONS - 1):
        folder = cache / "sco" / "models" / f"{number:032x}"
        folder.mkdir(mode=0o700)
        os.utime(folder, (2_000_000 + number, 2_000_000 + number))
        newer.append(folder)
    assert _run(cache)[:2] == uncached  # read: ours is used now
    code, out, built = _run(cache, env={"PYTHONPATH": str(_copy_of_sco(tmp_path))})  # a new installation
    assert (code, out) == uncached and "Lor" in built
    assert ours.exists() and not newer[0].exists()
    assert "Lor" not in _run(cache)[2]


def test_pruning_removes_only_sco_s_own_entries_and_follows_no_link(tmp_path, uncached):
    """A folder with an installation's name (32 hex digits) that sco did not write, or a link so named,
    loses nothing but what sco writes there (`sco_cli.*.pickle` and their temporary files): a user's
    `photo.pickle` in it was deleted."""
    cache = tmp_path / "cache"
    models = cache / "sco" / "models"
    models.mkdir(parents=True, mode=0o700)
    planted = models / f"{1:032x}"
    planted.mkdir()
    for name in ("photo.pickle", "notes.txt", "x.pickle.12.tmp", "sco_cli.txt"):
        (planted / name).write_text("the user's")
    (planted / "sub.pickle").mkdir()
    stale = planted / f"{LOR}.4242.tmp"
    stale.write_bytes(b"sco's")
    (planted / LOR).write_bytes(b"sco's")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / LOR).write_bytes(b"not in the cache")
    (models / f"{2:032x}").symlink_to(elsewhere, target_is_directory=True)
    for number in range(3, 3 + model_cache.KEPT_INSTALLATIONS):  # newer: the planted ones are the oldest
        (models / f"{number:032x}").mkdir(mode=0o700)
    for path in (planted, models / f"{2:032x}"):
        os.utime(path, (1_000_000, 1_000_000), follow_symlinks=False)
    assert _run(cache)[:2] == uncached
    assert sorted(path.name for path in planted.iterdir()) == [
        "notes.txt",
        "photo.pickle",
        "sco_cli.txt",
        "sub.pickle",
        "x.pickle.12.tmp",
    ]
    assert (elsewhere / LOR).read_bytes() == b"not in the cache"


@pytest.mark.parametrize("folder", ["installation a link", "models writable by others", "models a link"])
def test_a_cache_folder_that_is_not_the_user_s_own_is_not_used(tmp_path, uncached, folder):
    """Entries are read and written only in folders that are the user's own, private and not links: a
    link in place of the installation's folder had sco write its entries wherever it pointed, and a
    models folder others may write (a shared XDG_CACHE_HOME) let them plant links there."""
    cache = tmp_path / "cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / "theirs.pickle").write_bytes(b"not sco's")
    _run(cache)
    (installation,) = _installations(cache)
    models = installation.parent
    if folder == "installation a link":
        for entry in installation.iterdir():
            entry.unlink()
        installation.rmdir()
        installation.symlink_to(elsewhere, target_is_directory=True)
    elif folder == "models a link":
        models.rename(tmp_path / "moved")
        (tmp_path / "moved").rename(elsewhere / "models")
        models.symlink_to(elsewhere / "models", target_is_directory=True)
        for entry in (elsewhere / "models" / installation.name).iterdir():
            entry.unlink()
    else:
        models.chmod(0o777)
        for entry in installation.iterdir():
            entry.unlink()
    before = sorted(str(path) for path in elsewhere.rglob("*"))
    code, out, built = _run(cache)
    assert (code, out) == uncached and "Lor" in built
    assert sorted(str(path) for path in elsewhere.rglob("*")) == before
    if folder == "models writable by others":
        assert list(installation.iterdir()) == []


def _global(module: str, name: str) -> bytes:
    """A pickle fragment that pushes `module.name` as pickle's protocol 4 names it (a dotted name is
    followed attribute by attribute)."""

    def text(value: str) -> bytes:
        data = value.encode()
        return b"\x8c" + bytes([len(data)]) + data

    return text(module) + text(name) + b"\x93"


def _call(function: bytes, *args: bytes) -> bytes:
    return function + b"(" + b"".join(args) + b"tR"


def _text(value: str) -> bytes:
    data = value.encode()
    return b"\x8c" + bytes([len(data)]) + data


@pytest.mark.parametrize(
    "payload",
    [
        # something a module of sco imports, reached through it: `os`, `os.system`
        _global("sco_cli.core.model_cache", "os"),
        _call(_global("sco_cli.core.model_cache", "os.system"), _text("true")),
        # a free getattr walks from any class to anything
        _call(_global("builtins", "getattr"), _global("sco_cli.lor.model", "Lor"), _text("__class__")),
        _call(_global("builtins", "getattr"), _global("sco_cli.lor.model", "Lor"), _text("__subclasses__")),
        _call(_global("builtins", "getattr"), _global("sco_cli.core.model_cache", "os"), _text("system")),
        _call(_global("builtins", "getattr"), _global("sco_cli.lor.model", "Lor"), _text("model_validate_json")),
        # a Pydantic function that imports what it is given
        _call(_global("pydantic._internal._validators", "import_string"), _text("os.system")),
        _global("pydantic.main", "BaseModel"),
        _global("builtins", "eval"),
    ],
)
def test_an_entry_naming_anything_but_sco_s_own_code_is_refused_as_it_is_read(payload):
    """Defence in depth behind the folder and file checks: what an entry may name is sco's own classes
    and functions, a listed few of Pydantic's, plain data, and getattr only to sco's own methods."""
    import io

    entry = b"\x80\x04" + payload + b"."
    with pytest.raises(model_cache._Refused):
        model_cache._Unpickler(io.BytesIO(entry)).load()


def test_what_sco_s_entries_name_is_allowed():
    """The other side: the schema hooks of sco's models and of Pydantic's WithJsonSchema, and sco's own
    validators, as the stored entries name them."""
    import io

    from pydantic.json_schema import WithJsonSchema

    from sco_cli.core.types import parse_day

    lor = KINDS.get("lor").model
    entries = {
        _call(
            _global("builtins", "getattr"), _global("sco_cli.lor.model", "Lor"), _text("__get_pydantic_json_schema__")
        ): (lor.__get_pydantic_json_schema__),
        _global("sco_cli.core.types", "parse_day"): parse_day,
        _call(_global("builtins", "getattr"), _global("sco_cli.core.office", "Office"), _text("_known_milestones")): (
            KINDS.get("office").model._known_milestones
        ),
        _global("pydantic.json_schema", "WithJsonSchema"): WithJsonSchema,
    }
    for payload, expected in entries.items():
        assert model_cache._Unpickler(io.BytesIO(b"\x80\x04" + payload + b".")).load() == expected
