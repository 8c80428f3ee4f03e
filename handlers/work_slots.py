"""One request's work after its ack at a time in each web worker, so that acks stay prompt.

The ack is sent from the request's own thread, and the work after it (the transaction, the
answer built) runs on the app's work threads in the same process: every thread doing it
competes for the GIL with the threads that have yet to ack, and with a dozen at work an ack
waits its turn behind all of them
(`bench/bench_load.py`, two cores busy with the bench's own load: p99 ack 371 ms with the work
unbounded, 123 ms with one slot). So the work takes a slot first; the acks need none. A thread gives its
slot up while it only waits: for Slack (`SlotFreeClient`, the response_url in
`handlers.respond`, 429s waited out included) and through long jobs (an Excel export or
import), so that waiting never holds up anyone else's answer. More throughput comes from more
workers (WEB_CONCURRENCY), which the operating system, not the GIL, shares out.

More keeps the acks ahead of the work in the same process (each measured with the same bench):
the work threads run at a lower CPU priority than the threads that ack (``stepping_back``:
Linux gives each thread its own nice value), a thread waiting for the GIL asks for it after
0.5 ms, not CPython's 5, so an ack that needs the GIL several times does not wait 5 ms each
time, and what the app loaded is frozen out of the garbage collector's full collections, which
hold every thread (``favour_acks``).
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient

logger = logging.getLogger(__name__)

SLOTS_PER_WORKER = 1
# How long a thread waiting for the GIL lets the holder run before asking for it (CPython: 5 ms).
ACK_SWITCH_INTERVAL = 0.0005


class WorkSlots:
    """A semaphore that knows which threads hold it, so holding is re-entrant (work that runs a
    request inside a request) and giving up is a no-op for a thread without a slot (the
    scheduler, a pre-ack call)."""

    def __init__(self, size: int) -> None:
        self._free = threading.BoundedSemaphore(size)
        self._mine = threading.local()

    def holding(self) -> bool:
        return getattr(self._mine, "held", False)

    @contextmanager
    def held(self) -> Iterator[None]:
        if self.holding():
            yield
            return
        self._free.acquire()
        self._mine.held = True
        try:
            yield
        finally:
            self._mine.held = False
            self._free.release()

    @contextmanager
    def given_up(self) -> Iterator[None]:
        if not self.holding():
            yield
            return
        self._mine.held = False
        self._free.release()
        try:
            yield
        finally:
            self._free.acquire()
            self._mine.held = True


WORK_SLOTS = WorkSlots(SLOTS_PER_WORKER)


class SlotFreeClient(WebClient):
    """A WebClient that gives the work slot up while a call is with Slack (and while it waits
    out a 429: slack_sdk's retries run inside the same call)."""

    def _perform_urllib_http_request(self, *, url: str, args: dict[str, dict[str, Any]]) -> dict[str, Any]:
        with WORK_SLOTS.given_up():
            return super()._perform_urllib_http_request(url=url, args=args)


def slot_free(client: WebClient | None) -> WebClient | None:
    """``client`` (Bolt's, made anew for each request) as a ``SlotFreeClient``."""
    if client is None or isinstance(client, SlotFreeClient):
        return client
    made = SlotFreeClient.__new__(SlotFreeClient)
    made.__dict__.update(client.__dict__)  # the same token, URL, retry handlers, team, headers
    return made


def long_job(function):
    """``function`` run without the work slot: a job of seconds or minutes (an Excel export or
    import) must not hold up every other answer in its worker; it competes for the GIL instead."""

    @functools.wraps(function)
    def run_given_up(*args, **kwargs):
        with WORK_SLOTS.given_up():
            return function(*args, **kwargs)

    return run_given_up


def favour_acks() -> None:
    """In a process that acks Slack, once its app is loaded: a thread waiting for the GIL gets it
    sooner, and the objects loaded so far (modules, the ORM's metadata, locale data) are left out
    of the garbage collector's full collections, which stop every thread: in a web worker they
    took 400–590 ms each, 30–55 ms frozen (``gc.freeze``)."""
    sys.setswitchinterval(ACK_SWITCH_INTERVAL)
    gc.freeze()


def stepping_back(nice: int) -> Callable[[], None]:
    """A work thread's initializer: the thread runs ``nice`` steps below the process's priority,
    so the threads that ack get a busy CPU first. Only Linux has a nice value per thread;
    elsewhere the thread keeps the process's."""

    def step_back() -> None:
        if not nice or not sys.platform.startswith("linux"):
            return
        thread = threading.get_native_id()
        try:
            # Raising a nice value needs no privilege (lowering it again would).
            os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + nice))
        except OSError as error:  # a sandbox that forbids it: the work runs at the same priority
            logger.warning("work threads keep the process's CPU priority: %s", error)

    return step_back
