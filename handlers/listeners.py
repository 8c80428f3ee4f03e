"""The listener shapes every feature shares: a slash command, a button press, a modal submission,
the options of a select searched as people type.

Each acks Slack first (inside 3 seconds), in the request's own thread, builds the ``Responder``
for where the request came from, and hands the feature's work over (``after_ack``: to the app's
work threads, or to a work process through the queue), which runs it through ``run_request``
once the ack has gone. A modal submission is the exception: it validates and saves before
acking, so a refusal shows on the form's fields; its answers go after the ack, in this process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from handlers.blocks.errors import (
    build_database_down,
    build_failure,
    build_failure_modal,
    build_notice_modal,
    field_error_text,
)
from handlers.respond import Modal, Reply, Responder
from handlers.runtime import (
    ButtonPress,
    Request,
    asked_store,
    language_for,
    new_reference,
    quick_client,
    run_request,
)
from handlers.work_slots import WORK_SLOTS
from salesbot.errors import UserError
from salesbot.i18n import Formatter
from storage.db import connection_lost

logger = logging.getLogger(__name__)

Work = Callable[[Request], Reply | Modal | None]


@dataclass(frozen=True)
class ViewUpdate:
    """What a submission shows in place of its modal (``response_action: update``) instead of
    saving: a question to answer first. Nothing the submission did is kept."""

    view: dict


def after_ack(context: BoltContext, work: Callable[[], None], *, replayable: bool = True) -> None:
    """Hands ``work`` over once the listener has acked: the HTTP response goes as the listener
    returns, not when the work ends. Where it runs is the app's ``context["work"]``
    (``handlers/work_queue.py``): the app's work threads, or, with the work queue on, a work
    process that dispatches the same request again. ``replayable=False`` is work the request
    cannot give again (a form's answers after its save): it stays in this process.
    ``run_request`` tells the user of any failure itself; anything that still escapes is logged."""
    context["work"].hand_over(context, work, replayable=replayable)


def slash_command(work: Callable[[Request, str], Reply | Modal | None]):
    """A slash-command listener: acks, then runs ``work(request, text)``; replies are ephemeral."""

    def listener(ack: Ack, command: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        responder = Responder(
            client,
            command["user_id"],
            response_url=command.get("response_url"),
            channel_id=command.get("channel_id"),
            trigger_id=command.get("trigger_id"),
        )
        after_ack(
            context,
            lambda: run_request(
                context["services"],
                responder,
                team_id=command["team_id"],
                enterprise_id=command.get("enterprise_id"),
                work=lambda request: work(request, command.get("text", "")),
            ),
        )

    return listener


def button(work: Work, *, replace: bool = False):
    """A block_actions listener: acks, then runs ``work`` for the person who pressed.

    The press (value, block id, where it was) is ``request.pressed``. Replies go ephemerally
    to the message's conversation, or by DM from the App Home tab, which has no
    response_url. With ``replace``, a successful reply redraws the message pressed on; a
    refusal still comes as a new note, so the original is not lost.
    """

    def listener(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        pressed = ButtonPress.from_body(body)
        responder = Responder(
            client,
            body["user"]["id"],
            response_url=pressed.response_url,
            # Without a response_url (App Home) the answer is a DM, not a note in some channel.
            channel_id=pressed.channel_id if pressed.response_url else None,
            trigger_id=body.get("trigger_id"),
        )
        after_ack(
            context,
            lambda: run_request(
                context["services"],
                responder,
                team_id=context.team_id or body["user"].get("team_id"),
                enterprise_id=context.enterprise_id,
                pressed=pressed,
                replace=replace,
                work=work,
            ),
        )

    return listener


def message_shortcut(
    work: Callable[[Request, dict], Reply | Modal | None], *, prepare: Callable[[WebClient, dict], dict]
):
    """A message shortcut's listener: acks, asks Slack what ``prepare(client, shortcut)`` needs
    (briefly: the trigger id expires in 3 seconds, and no transaction is open yet), then runs
    ``work(request, prepared)``; answers go ephemerally to the message's channel."""

    def listener(ack: Ack, shortcut: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        services = context["services"]
        team_id = context.team_id or (shortcut.get("team") or {}).get("id")
        responder = Responder(
            client,
            shortcut["user"]["id"],
            response_url=shortcut.get("response_url"),
            channel_id=(shortcut.get("channel") or {}).get("id"),
            trigger_id=shortcut.get("trigger_id"),
        )

        def read_then_run() -> None:
            try:
                prepared = prepare(quick_client(client), shortcut)
            except Exception:
                reference = new_reference()
                logger.exception("a shortcut's message could not be read (reference %s)", reference)
                lang = language_for(services, team_id, responder.user_id)
                try:
                    responder.send(build_failure(lang, reference))
                except Exception:
                    logger.exception("could not tell %s the shortcut failed", responder.user_id)
                return
            run_request(
                services,
                responder,
                team_id=team_id,
                enterprise_id=context.enterprise_id,
                work=lambda request: work(request, prepared),
            )

        after_ack(context, read_then_run)

    return listener


def event(
    work: Callable[[Request], None],
    *,
    user_of: Callable[[dict], str],
    when: Callable[[dict], bool] = lambda event: True,
):
    """An Events API listener for one person's event (``user_of(event)``), if ``when(event)``.

    Nothing is said back: there is no conversation to say it in; failures are logged."""

    def listener(event: dict, body: dict, client: WebClient, context: BoltContext) -> None:
        if not when(event):
            return
        after_ack(
            context,
            lambda: run_request(
                context["services"],
                Responder(client, user_of(event)),
                # An org-wide install's authorization has no team; the event's envelope still names one.
                team_id=context.team_id or body.get("team_id"),
                enterprise_id=context.enterprise_id,
                work=work,
            ),
        )

    return listener


def options_load(find: Callable[[str, str], list[dict]]):
    """A block_suggestion listener: the options of an external select for what the person has
    typed so far, ``find(lang, typed)`` in their language. Answered in the acknowledgement (Slack
    waits for it while they type); nothing is written, and a failure answers with no options."""

    def listener(ack: Ack, body: dict, context: BoltContext) -> None:
        user = (body.get("user") or {}).get("id")
        team = context.team_id or (body.get("team") or {}).get("id")
        try:
            options = find(language_for(context["services"], team, user), body.get("value") or "")
        except Exception:
            logger.exception("options for %s failed (user %s)", body.get("action_id"), user)
            options = []
        ack(options=options)

    return listener


def submit_view(
    ack: Ack,
    body: dict,
    client: WebClient,
    context: BoltContext,
    save: Callable[[Request], dict[str, str] | ViewUpdate | None],
    *,
    first_field: str,
    responder: Responder | None = None,
) -> None:
    """Validate and save before acking, so errors show on the modal's fields.

    ``save`` returns field errors or a ``ViewUpdate`` (nothing is saved then), or None. A
    domain refusal shows on ``first_field``; anything unexpected replaces the modal with a
    failure notice and a reference.
    ``responder`` is where answers to the submission go (by default the submitter's DM).
    """
    services = context["services"]
    user_id = body["user"]["id"]
    team_id = context.team_id or body["user"]["team_id"]
    responder = responder or Responder(client, user_id)
    lang = "en"
    committing = False
    try:
        # Before the ack: no profile refresh, and Slack asked only for a newcomer, briefly.
        asking = asked_store(
            services,
            quick_client(client),
            team_id=team_id,
            user_id=user_id,
            enterprise_id=context.enterprise_id,
            refresh=False,
        )
        with asking as store:
            request = Request.of(services, store, responder)
            # Slack is asked before the ack here (a newcomer picked in the form): briefly, no
            # waiting out a 429. Answers after the commit go through the responder's own client.
            request.client = quick_client(client)
            lang = request.actor.lang
            outcome = save(request)
            if isinstance(outcome, ViewUpdate):
                ack(response_action="update", view=outcome.view)
                return
            if outcome:
                ack(response_action="errors", errors=outcome)
                return
            committing = True  # as the block ends
    except UserError as error:
        ack(response_action="errors", errors={first_field: field_error_text(Formatter(lang), error)})
        return
    except Exception as error:
        if connection_lost(error):
            logger.warning("modal submission failed: the database went away (user %s)", user_id)
            notice = build_database_down(lang, while_saving=committing)
            ack(response_action="update", view=build_notice_modal(lang, notice))
            return
        reference = new_reference()
        logger.exception("modal submission failed (reference %s, user %s)", reference, user_id)
        ack(response_action="update", view=build_failure_modal(lang, reference))
        return
    ack()

    def answers() -> None:
        with WORK_SLOTS.held():  # the answers wait their turn, as other requests' work does
            request.run_after_commit()

    after_ack(context, answers, replayable=False)
