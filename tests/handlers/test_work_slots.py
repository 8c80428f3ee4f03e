"""The work slot: one request's work at a time, re-entrant, given up while waiting."""

from __future__ import annotations

import threading
import time

from handlers.work_slots import WorkSlots


def test_one_thread_works_at_a_time_and_holding_is_re_entrant():
    slots = WorkSlots(1)
    inside: list[int] = []
    most = []
    lock = threading.Lock()

    def work() -> None:
        with slots.held(), slots.held():  # a request run inside a request takes no second slot
            with lock:
                inside.append(1)
                most.append(len(inside))
            time.sleep(0.01)
            with lock:
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert max(most) == 1 and len(most) == 6


def test_a_thread_waiting_gives_its_slot_to_another_and_takes_it_back():
    slots = WorkSlots(1)
    waiting, other_ran = threading.Event(), threading.Event()

    def other() -> None:
        waiting.wait(5)
        with slots.held():
            other_ran.set()

    thread = threading.Thread(target=other)
    thread.start()
    with slots.held():
        with slots.given_up():
            waiting.set()
            assert other_ran.wait(5)  # it ran while this one waited (for Slack, say)
        assert slots.holding()
    thread.join(timeout=5)
    assert not slots.holding()


def test_giving_up_without_a_slot_changes_nothing():
    slots = WorkSlots(1)
    with slots.given_up():
        assert not slots.holding()
    with slots.held():
        assert slots.holding()
