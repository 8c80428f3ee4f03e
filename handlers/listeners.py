"""The two listener shapes every surface shares: a button press and a modal submission."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from handlers.runtime import (
    ButtonPress,
    Reply,
    Request,
    current_actor,
    dm_sender,
    failure_reply,
    identify,
    new_reference,
    quick_client,
    run_request,
)
from salesbot.errors import UserError
from salesbot.i18n import t

logger = logging.getLogger(__name__)


def button(work: Callable[[Request], Reply | None], *, replace: bool = False):
    """A block_actions listener: acks, then runs ``work`` for the person who pressed.

    The press (value, block id, where it was) is ``request.pressed``. Replies go ephemerally
    to the message's conversation, or by DM from the App Home tab, which has no
    response_url. With ``replace``, a successful reply redraws the message pressed on; a
    refusal still comes as a new note, so the original is not lost.
    """

    def listener(ack: Ack, body: dict, client: WebClient, context: BoltContext, respond) -> None:
        ack()
        user_id = body["user"]["id"]
        pressed = ButtonPress.from_body(body)
        succeeded = []

        def run(request: Request) -> Reply | None:
            reply = work(request)
            succeeded.append(True)
            return reply

        if pressed.response_url:

            def send(reply: Reply) -> None:
                respond(
                    text=reply.text,
                    blocks=reply.blocks or None,
                    response_type="ephemeral",
                    replace_original=replace and bool(succeeded),
                )

        else:
            send = dm_sender(client, user_id)
        run_request(
            context["services"],
            client,
            send,
            team_id=context.team_id or body["user"].get("team_id"),
            enterprise_id=context.enterprise_id,
            user_id=user_id,
            channel_id=pressed.channel_id,
            trigger_id=body.get("trigger_id"),
            pressed=pressed,
            work=run,
        )

    return listener


def submit_view(
    ack: Ack,
    body: dict,
    client: WebClient,
    context: BoltContext,
    save: Callable[[Request], dict[str, str] | None],
    *,
    first_field: str,
) -> None:
    """Validate and save before acking, so errors show on the modal's fields.

    ``save`` returns field errors (nothing is saved then) or None. A domain refusal shows on
    ``first_field``; anything unexpected replaces the modal with a failure notice and a reference.
    """
    services = context["services"]
    user_id = body["user"]["id"]
    lang = "en"
    team_id = context.team_id or body["user"]["team_id"]
    try:
        # Before the ack: no profile refresh, and Slack asked only for a newcomer, briefly.
        identify(
            services,
            quick_client(client),
            team_id=team_id,
            user_id=user_id,
            enterprise_id=context.enterprise_id,
            refresh=False,
        )
        with services.store(team_id, context.enterprise_id) as store:
            actor = current_actor(store, user_id, services.settings.admins)
            lang = actor.lang
            request = Request(
                services=services,
                store=store,
                actor=actor,
                client=client,
                team_id=store.workspace.slack_team_id,
                user_id=user_id,
            )
            errors = save(request)
            if errors:
                ack(response_action="errors", errors=errors)
                return
    except UserError as error:
        ack(response_action="errors", errors={first_field: t(lang, error.key, **error.params)})
        return
    except Exception:
        reference = new_reference()
        logger.exception("modal submission failed (reference %s, user %s)", reference, user_id)
        ack(response_action="update", view=_failure_view(lang, reference))
        return
    ack()
    for notify in request.after_commit:
        try:
            notify()
        except Exception:
            logger.exception("notification after saving a modal failed")


def _failure_view(lang: str, reference: str) -> dict:
    reply = failure_reply(lang, reference)
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "salesbot"},
        "close": {"type": "plain_text", "text": t(lang, "modal.close")},
        "blocks": reply.blocks,
    }
