"""Compiled models kept between runs, in the user's cache folder.

Pydantic builds a model's validator on first use (every model is `defer_build`) by generating its core
schema from the Python types: for the office and LOR models about 30 ms, a sixth of a one-file check, every
run. The core schema is plain data (dicts, lists, strings) naming sco's classes and validator functions,
so it is kept with pickle (classes and functions by their names, as pickle always does), and a later run
builds the validator from it in about a millisecond with pydantic-core, as Pydantic itself does last.
Pydantic offers no supported way to store compiled validators; what this relies on is pinned below.

Safe by construction:
- An entry is used only when its key is equal, byte for byte: sco's version, Pydantic's, pydantic-core's,
  Python's, and the size and modification time of every file of the installed `sco_cli` package (code
  and shipped data), so any edit, upgrade or reinstall builds anew and rewrites the entry.
- A missing, truncated, corrupt or foreign entry, or one naming anything but the classes and functions
  sco defines, a listed few of Pydantic's, plain data, and `getattr` to a method of sco's models or a
  Pydantic schema hook (`_Unpickler`), is ignored (the model is built as if there were no cache); a
  folder that cannot be written is no error.
- An entry is written to a temporary file in the same folder and renamed into place, so concurrent runs
  read a whole entry or none; the folder is the user's own (0700), and a file another user could write
  is never read. Entries are read, written and pruned only where the installation's folder and the models
  folder are the user's own, private and not links; pruning removes only the names sco writes.
- Only when no Pydantic plugin can run (sco's entry point disables them), and only models Pydantic
  would complete with nothing more than their validator and serializer (no computed or deprecated
  field, fields complete).
Where: `$XDG_CACHE_HOME/sco/models`, else `~/.cache/sco/models`, one folder per installation (named by a
hash of the key's installation part), so two copies of sco a user runs in turn each keep their entries;
writing a new installation's folder removes all but the `KEPT_INSTALLATIONS` most recently used.
`SCO_NO_CACHE=1` builds every run and writes nothing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

_FOLDER_NAME = "models"

_BUILTINS = {
    ("builtins", "dict"),
    ("builtins", "list"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("functools", "partial"),
    ("decimal", "Decimal"),
}
"""Plain data and the one wrapper Pydantic's core schemas hold."""

_PYDANTIC_NAMES = {
    ("pydantic._internal._validators", "forbid_inf_nan_check"),
    ("pydantic._internal._validators", "greater_than_validator"),
    ("pydantic._internal._validators", "greater_than_or_equal_validator"),
    ("pydantic._internal._validators", "less_than_validator"),
    ("pydantic._internal._validators", "less_than_or_equal_validator"),
    ("pydantic._internal._validators", "multiple_of_validator"),
    ("pydantic._internal._validators", "min_length_validator"),
    ("pydantic._internal._validators", "max_length_validator"),
    ("pydantic.json_schema", "WithJsonSchema"),
}
"""The Pydantic names sco's core schemas hold, each by name: not Pydantic as a whole, which also has
functions that import or call what they are given (`import_string`). A model whose schema needs another
is built every run until it is added here (tests/core/test_model_cache.py stores and reads every kind)."""


class _Refused(Exception):
    """An entry that is not one this version of sco would have written."""


def _defined_by_sco(value: object) -> bool:
    """A class or function sco itself defines: not a module, and not something a module of sco merely
    imported (`os`, `subprocess.run`), which `find_class` would otherwise reach as `sco_cli.x.os`."""
    import types  # noqa: PLC0415

    if not isinstance(value, (type, types.FunctionType)):
        return False
    module = getattr(value, "__module__", None)
    return isinstance(module, str) and (module == "sco_cli" or module.startswith("sco_cli."))


_PYDANTIC_HOOKS = ("__get_pydantic_json_schema__", "__get_pydantic_core_schema__")
"""The methods a stored schema takes from sco's models and from instances of a listed Pydantic class."""


def _method_of(owner: object, name: str) -> object:
    """`getattr` as sco's stored schemas use it, and for nothing else: a validator that is a method of one
    of sco's models (`getattr(Office, "_known_milestones")`), or a Pydantic schema hook of one of sco's
    classes or of an instance of a listed Pydantic class (`WithJsonSchema`). Any other use ends the read:
    a free `getattr` walks from any class to `os.system`."""
    if name in _PYDANTIC_HOOKS and (
        _defined_by_sco(owner) or (type(owner).__module__, type(owner).__qualname__) in _PYDANTIC_NAMES
    ):
        return getattr(owner, name)
    if _defined_by_sco(owner) and isinstance(name, str) and not name.startswith("__"):
        value = getattr(owner, name, None)
        if _defined_by_sco(getattr(value, "__func__", value)):
            return value
    raise _Refused(f"getattr({type(owner).__qualname__}, {name!r})")


class _Unpickler(pickle.Unpickler):
    """Reads only what sco's own models name: the classes and functions sco defines, the Pydantic names
    listed above, plain built-in data, and `getattr` as `_method_of` allows it. Anything else ends the
    read: the entry is ignored and the model built anew."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _method_of
        if (module, name) in _BUILTINS or (module, name) in _PYDANTIC_NAMES:
            return super().find_class(module, name)
        if module == "sco_cli" or module.startswith("sco_cli."):
            value = super().find_class(module, name)
            if _defined_by_sco(value):
                return value
        raise _Refused(f"{module}.{name}")


def cache_folder() -> str | None:
    """Where compiled models are kept; None when the user asked for none or there is no home."""
    if os.environ.get("SCO_NO_CACHE") == "1":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "sco", _FOLDER_NAME)


def ensure_built(model: type[BaseModel]) -> None:
    """Make `model` ready to validate: from its stored entry when one matches this installation,
    otherwise built by Pydantic and stored for the next run. The result is the same model either way."""
    if model.__pydantic_complete__:
        return
    folder = cache_folder() if _storable(model) else None
    if folder is None:
        model.model_rebuild()
        return
    try:
        installation = _installation()
    except OSError:  # the package's own folder could not be listed: no key, so no entry is trusted
        model.model_rebuild()
        return
    folder = os.path.join(folder, _folder_of(installation))
    path = os.path.join(folder, f"{model.__module__}.{model.__qualname__}.pickle")
    key = installation + f"\nmodel {model.__module__}.{model.__qualname__}".encode("utf-8", "surrogateescape")
    schema = _read(path, key, model) if _own_folder(folder) else None
    if schema is not None and _install(model, schema):
        _used(folder)
        return
    model.model_rebuild()
    _write(folder, path, key, model)


def _own_folder(folder: str) -> bool:
    """Whether the installation's folder and the models folder holding it are real folders (not links) of
    this user's that nobody else may write. Only then are entries read, written or pruned there: a link
    in place of either would have sco write (and prune) wherever it points, and a folder others may write
    (a shared XDG_CACHE_HOME) lets them plant such links. Folders above may be links (a `~/.cache` moved
    to another disk)."""
    return _private_folder(os.path.dirname(folder)) and _private_folder(folder)


def _private_folder(path: str) -> bool:
    import stat  # noqa: PLC0415

    try:
        status = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and _owned_privately(status)


_used_folders: set[str] = set()


def _used(folder: str) -> None:
    """Mark the installation's folder used now (its modification time, once per process), so that pruning
    removes the least recently used installations, not the one run every day but written long ago."""
    if folder not in _used_folders:
        _used_folders.add(folder)
        with contextlib.suppress(OSError):
            os.utime(folder)


PYDANTIC_CHECKED = ("2.14.",)
"""The Pydantic releases `_install` was checked against (it mirrors what Pydantic does once it has a
core schema). Any other builds every run, as if there were no cache, until checked and added here
(`docs/performance.md` says what a one-file check costs without it)."""


def _storable(model: type[BaseModel]) -> bool:
    """Whether Pydantic completes this model with its validator and serializer alone (see `_install`),
    with no plugin that would wrap the validator."""
    import pydantic  # noqa: PLC0415 - imported already by every model

    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return False
    if not pydantic.VERSION.startswith(PYDANTIC_CHECKED):
        return False
    return (
        model.__pydantic_fields_complete__
        and not model.__pydantic_decorators__.computed_fields
        and not getattr(model, "__pydantic_generic_metadata__", {}).get("parameters")
        and all(field.deprecated is None for field in model.__pydantic_fields__.values())
    )


_tree_stamp: str | None = None


def _package_stamp() -> str:
    """The path, size and modification time of every file of the `sco_cli` package (its compiled
    bytecode aside), read once per process: any change to code or shipped data changes it."""
    global _tree_stamp  # one walk per process, however many models are read
    if _tree_stamp is None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        lines = []
        folders = [root]
        while folders:
            folder = folders.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != "__pycache__":
                            folders.append(entry.path)
                        continue
                    try:
                        stat = entry.stat()
                    except OSError:  # a link to nothing, or a file removed while listed
                        lines.append(f"{entry.path[len(root) :]}\tunreadable")
                        continue
                    lines.append(f"{entry.path[len(root) :]}\t{stat.st_size}\t{stat.st_mtime_ns}")
        _tree_stamp = "\n".join(sorted(lines))
    return _tree_stamp


def _installation() -> bytes:
    """What an entry must have been written by: this sco, Pydantic, pydantic-core and Python, and this
    very copy of the package (`_package_stamp`)."""
    import pydantic  # noqa: PLC0415 - imported already by every model; here for its version only
    import pydantic_core  # noqa: PLC0415

    from sco_cli import __version__  # noqa: PLC0415

    return "\n".join(
        (
            f"sco {__version__}",
            f"pydantic {pydantic.VERSION}",
            f"pydantic-core {pydantic_core.__version__}",
            f"python {sys.version} {sys.implementation.cache_tag}",
            _package_stamp(),
        )
    ).encode("utf-8", "surrogateescape")


def _folder_of(installation: bytes) -> str:
    """Each installation's entries in a folder of their own, so that two copies of sco a user runs in
    turn (a pre-commit hook's environment and a `pip install`; two virtual environments) each keep
    theirs instead of rebuilding and replacing the other's on every switch. The name only sorts entries:
    an entry is trusted for its full key, read byte for byte (`_read`)."""
    import hashlib  # noqa: PLC0415 - imported already by Pydantic

    return hashlib.sha256(installation).hexdigest()[:32]


KEPT_INSTALLATIONS = 4
"""How many installations' folders are kept: writing a new one removes the least recently used beyond
this (an installation whose folder goes rebuilds its entries on its next run, nothing more)."""


def _read(path: str, key: bytes, model: type[BaseModel]) -> dict[str, Any] | None:
    """The stored core schema of `model`, or None: no entry, another key, or anything wrong with it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not _private(status):
                return None
            head = stream.read(len(key) + 1)
            if head != key + b"\0":
                return None
            schema = _Unpickler(stream).load()
    except Exception:  # a broken entry is a cache miss, never an error of the check
        return None
    if not isinstance(schema, dict) or _model_of(schema) is not model:
        return None
    return schema


def _private(status: os.stat_result) -> bool:
    """A regular file of this user's that nobody else may write."""
    import stat  # noqa: PLC0415

    return stat.S_ISREG(status.st_mode) and _owned_privately(status)


def _owned_privately(status: os.stat_result) -> bool:
    owner = status.st_uid == os.getuid() if hasattr(os, "getuid") else True
    return owner and not status.st_mode & 0o022


def _model_of(schema: dict[str, Any]) -> object:
    """The class a model's core schema validates (its definitions wrapper and its own schema aside)."""
    while schema.get("type") == "definitions":
        schema = schema["schema"]
    return schema.get("cls") if schema.get("type") == "model" else None


def _install(model: type[BaseModel], schema: dict[str, Any]) -> bool:
    """Complete `model` from its stored core schema as Pydantic's `complete_model_class` does after
    generating one (pydantic 2.10-2.14): core schema, validator, serializer, signature, complete. False,
    with the model left as it was, when anything in it is not what this expects."""
    try:
        from pydantic._internal._config import ConfigWrapper  # noqa: PLC0415
        from pydantic._internal._signature import generate_pydantic_signature  # noqa: PLC0415
        from pydantic._internal._utils import LazyClassAttribute  # noqa: PLC0415
        from pydantic_core import SchemaSerializer, SchemaValidator  # noqa: PLC0415

        wrapper = ConfigWrapper(model.model_config, check=False)
        core_config = wrapper.core_config(title=model.__name__)
        validator = SchemaValidator(schema, core_config)
        serializer = SchemaSerializer(schema, core_config)
        signature = LazyClassAttribute(
            "__signature__",
            _signature_builder(generate_pydantic_signature, model, wrapper),
        )
        on_complete = model.__pydantic_on_complete__
    except Exception:  # an entry pydantic-core refuses, or a Pydantic laid out otherwise
        return False
    model.__pydantic_computed_fields__ = {}
    model.__pydantic_core_schema__ = schema
    model.__pydantic_validator__ = validator
    model.__pydantic_serializer__ = serializer
    model.__signature__ = signature
    model.__pydantic_complete__ = True
    on_complete()
    return True


def _signature_builder(generate: Any, model: type[BaseModel], wrapper: Any) -> Any:
    from functools import partial  # noqa: PLC0415

    return partial(
        generate,
        init=model.__init__,
        fields=model.__pydantic_fields__,
        validate_by_alias=wrapper.validate_by_alias,
        extra=wrapper.extra,
    )


def _write(folder: str, path: str, key: bytes, model: type[BaseModel]) -> None:
    """Store the model's core schema for the next run: whole or not at all, never an error."""
    try:
        data = pickle.dumps(model.__pydantic_core_schema__, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a schema holding a lambda or a closure: built every run
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        if not os.path.isdir(folder):
            parent = os.path.dirname(folder)
            os.makedirs(parent, mode=0o700, exist_ok=True)  # the mode is only the last folder's
            if not _private_folder(parent):
                return
            with contextlib.suppress(FileExistsError):  # made by a run at the same time
                os.mkdir(folder, mode=0o700)
            if _own_folder(folder):
                _prune(parent, keep=os.path.basename(folder))
        if not _own_folder(folder):
            return
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(key + b"\0")
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        pass
    finally:  # renamed, or never to be: nothing is left beside the entries, even on Ctrl-C
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _prune(parent: str, keep: str) -> None:
    """Remove the installations' folders beyond the `KEPT_INSTALLATIONS` most recently used (`keep`, just
    made, stays), and any entry written beside them by an earlier sco. Only sco's own names are
    touched (a folder named by `_folder_of`, the entries and temporary files `_write` names); a link is
    never followed (a folder is opened without following one and emptied through that handle), nor
    removed; whatever cannot be removed (a file of the user's, another run reading it, a permission)
    stays, and is no error."""
    try:
        with os.scandir(parent) as listing:
            entries = list(listing)
    except OSError:
        return
    folders = []
    for entry in entries:
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False) and _is_folder_name(entry.name):
                if entry.name != keep:
                    folders.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
            elif _is_entry_name(entry.name) and not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)  # an entry of the one-folder layout sco used before
    folders.sort(reverse=True)
    for _, path in folders[KEPT_INSTALLATIONS - 1 :]:
        with contextlib.suppress(OSError):
            _empty(path)
            os.rmdir(path)


def _empty(path: str) -> None:
    """Remove sco's entries from the folder `path`, opened without following a link (one put in its place
    after the listing is refused: ELOOP or ENOTDIR)."""
    if os.unlink not in os.supports_dir_fd or not hasattr(os, "O_DIRECTORY"):  # no handle to go through
        return  # (Windows): the folder stays, its entries with it
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0))
    try:
        for name in os.listdir(fd):
            if _is_entry_name(name):
                with contextlib.suppress(OSError):  # a folder so named: left
                    os.unlink(name, dir_fd=fd)
    finally:
        os.close(fd)


def _is_folder_name(name: str) -> bool:
    return len(name) == 32 and all(c in "0123456789abcdef" for c in name)


def _is_entry_name(name: str) -> bool:
    """A name `_write` gives: `sco_cli.<model>.pickle`, or its temporary `sco_cli.<model>.pickle.<pid>.tmp`."""
    if not name.startswith("sco_cli."):
        return False
    if name.endswith(".tmp"):
        stem, _, pid = name[: -len(".tmp")].rpartition(".")
        return stem.endswith(".pickle") and pid.isdigit()
    return name.endswith(".pickle")
