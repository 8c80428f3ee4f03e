"""Where a request's answers go: the one way salesbot replies to the person who asked.

A listener's work returns a ``Reply`` (a message) or a ``Modal`` (a view to open); the
``Responder`` sends it once the transaction has committed:

- through the response_url when there is one (a slash command, a button on a message, or a
  modal opened from a message, which keeps its origin's url): ephemeral, or redrawing the
  message pressed on when asked to;
- else ephemerally in the channel a modal came from;
- else (the App Home tab has neither) by DM.

When the first way is refused (an expired response_url, salesbot not in the channel), the next
one is tried, so an answer is never lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.work_slots import WORK_SLOTS, slot_free

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """A message for the person who asked: Block Kit plus the plain-text fallback."""

    text: str
    blocks: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Modal:
    """A view to open with the request's trigger id; with ``in_place_of`` (the id of the modal a
    button was pressed in, and its ``view_hash``), shown instead of that modal."""

    view: dict
    in_place_of: str | None = None
    view_hash: str | None = None


@dataclass(frozen=True)
class Responder:
    """Sends replies to ``user_id`` where the request came from."""

    client: WebClient
    user_id: str
    response_url: str | None = None
    channel_id: str | None = None
    trigger_id: str | None = None

    def __post_init__(self) -> None:
        # Bolt's client, made for the request, as one that gives the work slot up while it waits.
        object.__setattr__(self, "client", slot_free(self.client))

    @property
    def from_home_tab(self) -> bool:
        return not self.response_url and not self.channel_id

    def send(self, answer: Reply | Modal, *, replace: bool = False) -> None:
        """``answer`` to the asker; ``replace`` redraws the message the request came from."""
        if isinstance(answer, Modal):
            if answer.in_place_of:
                self.client.views_update(view_id=answer.in_place_of, hash=answer.view_hash, view=answer.view)
            else:
                self.client.views_open(trigger_id=self.trigger_id, view=answer.view)
            return
        if self.response_url:
            with WORK_SLOTS.given_up():  # only waiting for Slack
                response = Respond(response_url=self.response_url)(
                    text=answer.text,
                    blocks=answer.blocks or None,
                    response_type="ephemeral",
                    replace_original=replace,
                )
            if response.status_code == 200:
                return
            logger.warning("response_url answered %s %s; sending a DM", response.status_code, response.body)
        elif self.channel_id:
            try:
                self.client.chat_postEphemeral(
                    channel=self.channel_id, user=self.user_id, text=answer.text, blocks=answer.blocks or None
                )
                return
            except SlackApiError as error:
                # The app may not be in that channel (a DM with someone else, say).
                logger.info("ephemeral reply refused (%s); sending a DM", error.response.get("error"))
        self.dm(self.user_id, answer)

    def dm(self, user_id: str, answer: Reply | str) -> None:
        """A message in the app's DM with ``user_id``."""
        self.post(user_id, answer)

    def post(self, channel: str, answer: Reply | str) -> None:
        """A message in ``channel`` (a user id is their DM with the app)."""
        reply = Reply(text=answer) if isinstance(answer, str) else answer
        self.client.chat_postMessage(channel=channel, text=reply.text, blocks=reply.blocks or None)
