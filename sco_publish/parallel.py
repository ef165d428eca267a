"""Work shared out to other processes and threads: the one place sco-publish starts them.

Three shapes, each used where it fits:

- ``forked_map``: a few tasks over data this process holds (a large catalog's parts for
  the lint, the messages sync must wrap). The workers are forked after the tasks were
  made, so they see the data as it is, nothing is pickled on the way in and no module
  holds it for them; each sends its result back, in task order.
- ``process_pool``: a queue of many picklable jobs (the build's editions), run by a pool
  of forked workers, for callers that want results as they complete and to cancel the
  rest on the first failure.
- ``thread_pool``: work that waits on C code releasing the GIL (validating texts while
  the catalogs are read).

Every forked worker dies with the process that started it (even by kill -9), and a worker
killed under the caller (out of memory) raises ``BrokenProcessPool`` there.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from sco_publish.errors import run_portably

R = TypeVar("R")
PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether workers can be forked here (not on Windows, nor macOS's default)."""
    return "fork" in multiprocessing.get_all_start_methods()


def forked_map(tasks: Sequence[Callable[[], R]], here_first: bool = False) -> list[R]:
    """``[task() for task in tasks]``, each task in a process forked from this one. With
    ``here_first`` this process runs the first task itself while the others run. The
    first task (in order) that raised raises its exception here."""
    context = multiprocessing.get_context("fork")
    parent = os.getpid()
    workers = []
    try:
        for task in tasks[1:] if here_first else tasks:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_serve, args=(task, sender, parent), daemon=True)
            process.start()
            sender.close()
            workers.append((process, receiver))
        outcomes = [(True, tasks[0]())] if here_first else []
        for process, receiver in workers:
            try:
                outcomes.append(receiver.recv())
            except EOFError:  # it died without a word: killed (out of memory?)
                process.join()
                raise BrokenProcessPool(f"a worker process ended without a result (exit code {process.exitcode})") from None
    finally:
        for process, receiver in workers:
            receiver.close()
            if process.is_alive():
                process.kill()
            process.join()
    results = []
    for done, value in outcomes:
        if not done:
            raise value
        results.append(value)
    return results


def _serve(task: Callable[[], R], sender, parent: int) -> None:
    """A forked worker: run ``task`` and send back ``(True, result)`` or ``(False, exception)``."""
    die_with_parent(parent)
    try:
        outcome = (True, run_portably(task))
    except BaseException as error:
        outcome = (False, error)
    sender.send(outcome)
    sender.close()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes for picklable jobs (wrap each in ``run_portably``)."""
    return ProcessPoolExecutor(max_workers=max(1, workers), mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def thread_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor()


def die_with_parent(parent: int) -> None:
    """In a worker: have the kernel kill it when the process that started it ends, even by
    kill -9 (otherwise workers outlive it, and a stuck one spins on). The signal follows the
    thread that forked the worker: forking happens on the starting process's main thread."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the starting process ended before the signal was set up
        os._exit(1)
