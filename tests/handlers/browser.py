"""A real browser for the pages people open outside Slack: Debian's headless Chromium, and the app
served on a loopback port for it.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Without them a
browser test is skipped, except in CI (``CI`` set), where it fails: there they must be present.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # the test's output is not an access log
        pass


def browser_or_skip(*, phone: bool = False, languages: str | None = None) -> webdriver.Chrome:
    """Headless Chromium; ``phone`` lays pages out at 390 × 844 with touch; ``languages`` is what
    it sends as Accept-Language (``"nb-NO,nb"``)."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        why = "Debian's chromium and chromium-driver are not installed (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(why + "; CI runs the browser tests")
        pytest.skip(why)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    if phone:
        # A phone: 390 × 844 CSS pixels, touch, so the page's viewport meta is what lays it out.
        options.add_experimental_option(
            "mobileEmulation",
            {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3, "touch": True}},
        )
    if languages:
        options.add_experimental_option("prefs", {"intl.accept_languages": languages})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


@contextmanager
def loopback(app: Callable[[], Callable]) -> Iterator[str]:
    """Serves ``app()`` (looked up at each request: the app may be built after the port is known)
    on a loopback port; yields its base URL."""
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start_response: app()(environ, start_response),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def refused_by_csp(browser: webdriver.Chrome) -> list[str]:
    """What the page's Content Security Policy refused, from the browser's console."""
    return [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
