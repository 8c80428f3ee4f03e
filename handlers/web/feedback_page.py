"""The feedback page: ``GET /feedback/<token>`` shows the form, ``POST`` records the answer.

A customer outside Slack opens the link a rep sent (``handlers/feedback_links.py``): no login,
the token in the URL is the capability (``salesbot.feedback_links``). The page speaks the
workspace's language and is served with a strict Content-Security-Policy: no script at all,
the one stylesheet from this app, forms posted only here, never framed.

Cross-site posts: whoever has the token can answer, so a forged post could do nothing its
sender could not do directly. Still, a post that says it came from elsewhere is refused:
``Sec-Fetch-Site`` other than same-origin (or none), or an ``Origin`` not this app's. An
``Origin`` of ``null`` is what browsers send from a page whose Referrer-Policy is no-referrer
(the Fetch standard), which this page's is, so it counts as absent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from handlers.replies import low_score_alerts
from handlers.respond import Reply
from handlers.runtime import Services
from handlers.web.html import PAGE_HEADERS, STYLESHEET_PATH, form_page, message_page
from salesbot import feedback
from salesbot.errors import FieldErrors
from salesbot.feedback_links import (
    EXPIRED,
    LINK_DAYS,
    UNKNOWN,
    LinkUnusable,
    answer_link,
    looks_like_token,
    token_hash,
    usable_link,
)
from salesbot.i18n import t
from salesbot.people import language_of

logger = logging.getLogger(__name__)

PREFIX = "/feedback/"
# A score and a comment of 2000 characters (up to 4 bytes each, percent-encoded) fit well within.
MAX_BODY = 16 * 1024
_STYLESHEET = Path(__file__).with_name("feedback.css").read_bytes()

_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    410: "410 Gone",
    413: "413 Content Too Large",
    415: "415 Unsupported Media Type",
}
# Why a link cannot be answered → its status: never existed (as far as anyone can tell) or gone.
_UNUSABLE_STATUS = {UNKNOWN: 404, EXPIRED: 410}


@dataclass
class _Answer:
    status: int
    body: bytes
    # Slack messages to send once the answer is saved: (user id, message).
    messages: list[tuple[str, Reply]] = field(default_factory=list)
    team_id: str = ""  # the link's workspace: whose token the messages go out with


def serves(path: str) -> bool:
    return path == STYLESHEET_PATH or path.startswith(PREFIX)


class FeedbackPage:
    """The WSGI application for ``serves(path)``; ``services`` gives its database, clock and Slack."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or ""
        method = environ.get("REQUEST_METHOD") or ""
        if path == STYLESHEET_PATH:
            return self._stylesheet(method, start_response)
        token = path[len(PREFIX) :]
        if method not in ("GET", "POST"):
            return _respond(start_response, 405, message_page("en", "feedback_page.not_allowed"), allow=True)
        answer = self._show(token) if method == "GET" else self._submit(token, environ)
        for user_id, message in answer.messages:
            self._send(answer.team_id, user_id, message)
        return _respond(start_response, answer.status, answer.body)

    # -- GET --------------------------------------------------------------------------------
    def _show(self, token: str) -> _Answer:
        if not looks_like_token(token):
            return _unusable("en", LinkUnusable(UNKNOWN))
        with self.services.store_for_link(token_hash(token)) as store:
            if store is None:
                return _unusable("en", LinkUnusable(UNKNOWN))
            lang = language_of(None, store.workspace.locale)
            try:
                link = usable_link(store, token, now=self.services.clock.now())
            except LinkUnusable as unusable:
                return _unusable(lang, unusable)
            product = _product_name(store, link.product_id)
            return _Answer(200, form_page(lang, scale=link.scale, stage=link.stage, product=product))

    # -- POST -------------------------------------------------------------------------------
    def _submit(self, token: str, environ: dict) -> _Answer:
        refusal = self._refuse_post(environ)
        if refusal is not None:
            return refusal
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _Answer(400, message_page("en", "feedback_page.bad_request"))
        if length > MAX_BODY:
            # Refused before reading a byte of it.
            return _Answer(413, message_page("en", "feedback_page.too_large"))
        try:
            form = parse_qs(
                environ["wsgi.input"].read(length).decode("utf-8"),
                max_num_fields=10,
                keep_blank_values=True,
                errors="strict",
            )
        except (UnicodeDecodeError, ValueError):
            return _Answer(400, message_page("en", "feedback_page.bad_request"))
        score = (form.get("score") or [""])[0]
        comment = (form.get("comment") or [""])[0]
        if not looks_like_token(token):
            return _unusable("en", LinkUnusable(UNKNOWN))
        lang = "en"
        try:
            with self.services.store_for_link(token_hash(token)) as store:
                if store is None:
                    raise LinkUnusable(UNKNOWN)
                lang = language_of(None, store.workspace.locale)
                team_id = store.workspace.slack_team_id
                try:
                    answer = answer_link(
                        store,
                        token,
                        score=score,
                        comment=comment,
                        now=self.services.clock.now(),
                        today=self.services.clock.today(store.workspace.timezone),
                    )
                except FieldErrors as refused:
                    # Refused before anything was written: the form again, as it was sent.
                    return _Answer(
                        400, _form_again(store, lang, token, refused, score=score, comment=comment)
                    )
                messages = low_score_alerts(store, answer, admins=self.services.settings.admins)
                logger.info("feedback answered through link %s (answer %s)", answer.link_id, answer.id)
        except LinkUnusable as unusable:
            return _unusable(lang, unusable)
        return _Answer(200, message_page(lang, "feedback_page.thanks"), messages, team_id=team_id)

    def _refuse_post(self, environ: dict) -> _Answer | None:
        content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            return _Answer(415, message_page("en", "feedback_page.bad_request"))
        fetch_site = environ.get("HTTP_SEC_FETCH_SITE")
        origin = environ.get("HTTP_ORIGIN")
        if (fetch_site and fetch_site not in ("same-origin", "none")) or (
            origin and origin != "null" and not self._own_origin(origin, environ)
        ):
            logger.info("feedback post refused: sent from another site (%s)", fetch_site or origin)
            return _Answer(403, message_page("en", "feedback_page.refused"))
        return None

    def _own_origin(self, origin: str, environ: dict) -> bool:
        """``origin`` is this app's: the public address's, or (without one) the Host asked for."""
        public_url = self.services.settings.public_url
        sent = urlsplit(origin)
        if public_url:
            own = urlsplit(public_url)
            return (sent.scheme, sent.netloc) == (own.scheme, own.netloc)
        return sent.netloc == environ.get("HTTP_HOST")

    # -- the rest ---------------------------------------------------------------------------
    def _stylesheet(self, method: str, start_response: Callable) -> Iterable[bytes]:
        if method != "GET":
            return _respond(start_response, 405, message_page("en", "feedback_page.not_allowed"), allow=True)
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/css; charset=utf-8"),
                ("Content-Length", str(len(_STYLESHEET))),
                ("Cache-Control", "public, max-age=3600"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [_STYLESHEET]

    def _send(self, team_id: str, user_id: str, message: Reply) -> None:
        """A Slack message after the answer is saved; a failure is logged, the customer still thanked."""
        try:
            self.services.client_for(team_id).chat_postMessage(
                channel=user_id, text=message.text, blocks=message.blocks or None
            )
        except Exception:
            logger.exception("could not tell %s of a low score from the feedback page", user_id)


def _form_again(store, lang: str, token: str, refused: FieldErrors, *, score: str, comment: str) -> bytes:
    link = store.feedback_link_by_hash(token_hash(token))
    low, high = feedback.SCALES[link.scale]
    errors = []
    if feedback.F_SCORE in refused.errors:
        errors.append(t(lang, "feedback_page.choose_score", low=low, high=high))
    if feedback.F_COMMENT in refused.errors:
        errors.append(t(lang, "feedback_page.comment_too_long", max=feedback.COMMENT_MAX))
    return form_page(
        lang,
        scale=link.scale,
        stage=link.stage,
        product=_product_name(store, link.product_id),
        score=score,
        comment=comment,
        errors=tuple(errors),
    )


def _product_name(store, product_id: int | None) -> str:
    product = store.product_by_id(product_id) if product_id is not None else None
    return product.name if product is not None else ""


def _unusable(lang: str, unusable: LinkUnusable) -> _Answer:
    status = _UNUSABLE_STATUS.get(unusable.reason, 410)
    return _Answer(status, message_page(lang, unusable.key, days=LINK_DAYS))


def _respond(start_response: Callable, status: int, body: bytes, *, allow: bool = False) -> Iterable[bytes]:
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *PAGE_HEADERS,
    ]
    if allow:
        headers.append(("Allow", "GET, POST"))
    start_response(_STATUS[status], headers)
    return [body]
