"""Worker processes for large batches, with the manners a command-line tool owes its user:

- Ctrl-C reaches the parent only (workers ignore SIGINT); the parent stops the workers and exits 130;
- a worker told to stop (SIGTERM) removes the temporary file it was writing and exits at once, with
  no traceback;
- a worker whose parent has died (even by SIGKILL) exits too, instead of running on forever.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import FrameType
from typing import TypeVar

from sco_cli.core import output

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WATCH_SECONDS = 0.5


class WorkerPool:
    """`with WorkerPool(n) as pool: for result in pool.map(func, items): ...`: results in order.

    Leaving the block by any exception (Ctrl-C, SIGTERM, a bug) stops the workers before the
    exception goes on, so no worker outlives the command or keeps writing after it stopped."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> WorkerPool:
        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_start, initargs=(os.getpid(),))
        return self

    def map(self, func: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        assert self._pool is not None, "use WorkerPool in a with block"
        with output.stop_signals_held():  # workers are forked here: they start with SIGINT and SIGTERM held
            futures = [self._pool.submit(func, item) for item in items]
        for future in futures:
            try:
                yield future.result()
            except BrokenProcessPool:
                raise KeyboardInterrupt from None  # a worker was killed: someone is stopping this run

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        assert self._pool is not None
        if kind is None:
            self._pool.shutdown(wait=True)
        else:
            _stop(self._pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End every worker now: SIGTERM (they clean up and exit), then SIGKILL for any that hang."""
    processes = list(getattr(pool, "_processes", {}).values())  # the executor offers no public handle
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown(wait=False) forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 5
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join(1)
    if manager is not None:
        # The executor's thread closes its wake-up pipe as it ends; Python's exit hook writes to that pipe,
        # and racing the close it printed "Exception ignored ... Bad file descriptor" after Ctrl-C.
        # Waiting for the thread here leaves the pipe closed (marked so) before the hook runs.
        manager.join(2)
        if manager.is_alive():
            # A worker killed in the middle of sending a result leaves the thread reading the rest of it
            # for ever (this process holds the pipe's other end, so no end of file comes), and Python's
            # exit would wait for that thread: the caller must end the process without that wait.
            global left_waiting
            left_waiting = True


left_waiting = False
"""True once a stopped pool's own thread could not end: `sco_cli.main` then exits at once (`os._exit`)."""


def _worker_start(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_terminated)
    _die_with(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, output.STOP_SIGNALS)


def _worker_terminated(signum: int, frame: FrameType | None) -> None:
    output.discard_partial_files()
    os._exit(128 + signum)


def _die_with(parent: int) -> None:
    """Exit when the parent process is gone: at once on Linux (the kernel sends SIGTERM), within
    half a second elsewhere (a watcher thread notices the new parent)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        # Stop signals go to the main thread only: `write_atomic` holds them there while it creates and
        # records a temporary file, and a signal taken by this thread would run the handler in that gap.
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, output.STOP_SIGNALS)
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        output.discard_partial_files()
        os._exit(1)

    threading.Thread(target=watch, name="sco-parent-watch", daemon=True).start()
