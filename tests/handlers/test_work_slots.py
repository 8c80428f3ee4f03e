"""What keeps acks prompt beside the work: the work slot (one request's work at a time, re-entrant,
given up while waiting), the work threads' lower priority, the GIL asked for sooner, the garbage
collector's frozen objects, the catalogs compiled before the first request."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from handlers.app import create_app
from handlers.work_slots import ACK_SWITCH_INTERVAL, WorkSlots, favour_acks, stepping_back
from salesbot.config import Settings
from salesbot.i18n import translations
from storage.db import make_engine


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


def _nice_of_a_thread_started_by(executor: ThreadPoolExecutor) -> int:
    return executor.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result(5)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux has a nice value per thread")
def test_work_threads_step_back_by_the_work_nice_and_the_thread_that_acks_does_not():
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    settings = Settings(
        bot_token="xoxb-1", signing_secret="s", api_url="http://127.0.0.1:1/api/", work_nice=3
    )
    engine = make_engine("sqlite://")
    web = create_app(settings, engine).listener_runner.listener_executor
    # A work process is niced as a whole already; its threads take no more.
    work_process = create_app(settings, engine, taking_work=True).listener_runner.listener_executor
    try:
        assert _nice_of_a_thread_started_by(web) == min(19, own + 3)
        assert _nice_of_a_thread_started_by(work_process) == own
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own
    finally:
        web.shutdown()
        work_process.shutdown()


def test_a_work_nice_of_zero_leaves_the_threads_alone():
    with ThreadPoolExecutor(1, initializer=stepping_back(0)) as executor:
        assert _nice_of_a_thread_started_by(executor) == os.getpriority(
            os.PRIO_PROCESS, threading.get_native_id()
        )


def test_favour_acks_shortens_the_wait_for_the_gil_and_freezes_what_is_loaded():
    before = sys.getswitchinterval()
    gc.unfreeze()
    try:
        favour_acks()
        assert sys.getswitchinterval() == pytest.approx(ACK_SWITCH_INTERVAL) and before > ACK_SWITCH_INTERVAL
        assert gc.get_freeze_count() > 1000  # the modules and everything they hold
    finally:
        sys.setswitchinterval(before)
        gc.unfreeze()


def test_the_app_compiles_the_message_catalogs_before_its_first_request():
    translations.cache_clear()
    settings = Settings(bot_token="xoxb-1", signing_secret="s", api_url="http://127.0.0.1:1/api/")
    create_app(settings, make_engine("sqlite://"))
    assert translations.cache_info().currsize == 1
