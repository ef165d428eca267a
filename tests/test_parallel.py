"""The one place workers are started (``sco_publish.parallel``), and the PO writer's cache
that sync holds for one run instead of a module global."""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from sco_publish.catalogs.catalog import Catalog, Message
from sco_publish.catalogs.pofile import WriterCache, format_po, parse_po
from sco_publish.errors import UserError
from sco_publish.parallel import can_fork, forked_map

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked")


def test_forked_tasks_see_the_data_as_it_is_and_return_in_order():
    lock = threading.Lock()  # cannot be pickled: the tasks reach it through the fork, not a pipe
    data = list(range(1000))
    tasks = [lambda start=start: (os.getpid(), lock.locked(), sum(data[start:start + 250])) for start in range(0, 1000, 250)]
    results = forked_map(tasks, here_first=True)
    assert [total for _, _, total in results] == [sum(range(start, start + 250)) for start in range(0, 1000, 250)]
    pids = [pid for pid, _, _ in results]
    assert pids[0] == os.getpid() and os.getpid() not in pids[1:] and len(set(pids)) == 4


def test_the_first_failing_task_raises_its_error_here():
    def fails(message: str):
        raise UserError(Path("x.po"), message)

    with pytest.raises(UserError, match="first"):
        forked_map([lambda: 1, lambda: fails("first"), lambda: fails("second")])


def test_a_worker_killed_under_the_caller_raises_instead_of_hanging():
    with pytest.raises(BrokenProcessPool, match="without a result"):
        forked_map([lambda: 1, lambda: os.kill(os.getpid(), signal.SIGKILL)])


LONG = "The member states reaffirmed their commitment to the purposes and principles of the Charter of the SCO."


def test_the_writer_copies_only_what_its_cache_was_given():
    """A file read with a cache is taken as the writer's own: its layout is copied. Without
    the cache (another run, another reader) the writer wraps anew; nothing is left over in
    the module from the first read."""
    as_read = f'msgctxt "s1"\nmsgid ""\n"{LONG[:50]}"\n"{LONG[50:]}"\nmsgstr ""\n'
    cache = WriterCache()
    catalog = parse_po(as_read, cache=cache)
    assert format_po(catalog, cache=cache) == as_read
    rewrapped = format_po(parse_po(as_read))
    assert rewrapped != as_read and rewrapped == format_po(Catalog(messages=[Message(msgid=LONG, msgctxt="s1")]))
    # the strings it read are copied into other messages too (a template shares its catalog's msgids)
    template = format_po(Catalog(messages=[Message(msgid=LONG, msgctxt="s1", extracted_comments=["paragraph"])]), cache=cache)
    assert f'msgid ""\n"{LONG[:50]}"\n"{LONG[50:]}"\n' in template
