"""What a person reads when a request is refused or fails: one rendering for every surface."""

from __future__ import annotations

from datetime import date

from handlers.blocks.common import mrkdwn_escape
from handlers.respond import Reply
from salesbot.errors import UserError
from salesbot.i18n import Formatter, t

# Error parameters that the app builds as Slack markup itself (a mention, a channel link), not
# typed text.
_MARKUP_PARAMS = frozenset({"user", "channel_link"})


def user_error_text(fmt: Formatter, error: UserError) -> str:
    """The refusal in mrkdwn, in the reader's language, with dates in their format.

    The parameters quote what was typed or stored (names, the text not understood): escaped,
    so "<!here>" typed into a command is shown, never sent as a ping.
    """
    return fmt.t(error.key, **_params(fmt, error, escape=True))


def field_error_text(fmt: Formatter, error: UserError) -> str:
    """The refusal under a modal's field: plain text (Slack shows it as typed), example beside it."""
    text = fmt.t(error.key, **_params(fmt, error, escape=False))
    return f"{text} {fmt.t(error.example)}" if error.example else text


def _params(fmt: Formatter, error: UserError, *, escape: bool) -> dict[str, object]:
    params = dict(error.params)
    if isinstance(params.get("action"), str):
        params["action"] = command_words(fmt, params["action"])
    return {key: _shown(fmt, key, value, escape) for key, value in params.items()}


def command_words(fmt: Formatter, action: str) -> str:
    """A subcommand a refusal names (``action``: "team create"), in the words the reader types
    (``team opprett`` in Norwegian; the parsers read both); as given when the catalog has none."""
    key = "command.words." + action.replace(" ", "_")
    words = fmt.t(key)
    return action if words == key else words


def _shown(fmt: Formatter, key: str, value: object, escape: bool) -> object:
    if isinstance(value, date):
        return fmt.date(value)
    if escape and isinstance(value, str) and key not in _MARKUP_PARAMS:
        return mrkdwn_escape(value)
    return value


def build_user_error(fmt: Formatter, error: UserError) -> Reply:
    """A refusal as a message: the problem, then the right form in a context line."""
    text = user_error_text(fmt, error)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f":warning: {text}"}}]
    if error.example:
        example = fmt.t(error.example)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": example}]})
        text = f"{text}\n{example}"
    return Reply(text=text, blocks=blocks)


def build_refusal_modal(fmt: Formatter, error: UserError) -> dict:
    """The refusal in place of a modal with no field to show it on (a question answered)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "salesbot"},
        "close": {"type": "plain_text", "text": fmt.t("modal.close")},
        "blocks": build_user_error(fmt, error).blocks,
    }


def build_failure(lang: str, reference: str) -> Reply:
    """Something broke on salesbot's side: nothing was saved, and the reference to give support."""
    text = t(lang, "error.unexpected", reference=reference)
    return Reply(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f":x: {text}"}}])


def build_database_down(lang: str, *, while_saving: bool = False) -> Reply:
    """salesbot's database could not be reached: nothing was done, try again shortly; or, lost
    ``while_saving`` (the commit was under way), whether it was saved cannot be known: check first."""
    text = t(lang, "error.database_lost_saving" if while_saving else "error.database_down")
    return Reply(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f":x: {text}"}}])


def build_notice_modal(lang: str, notice: Reply) -> dict:
    """``notice`` in place of a modal whose submission could not be handled."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "salesbot"},
        "close": {"type": "plain_text", "text": t(lang, "modal.close")},
        "blocks": notice.blocks,
    }


def build_failure_modal(lang: str, reference: str) -> dict:
    """The failure notice in place of a modal that could not be saved."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "salesbot"},
        "close": {"type": "plain_text", "text": t(lang, "modal.close")},
        "blocks": build_failure(lang, reference).blocks,
    }
