"""Modal submissions (view_submission)."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks.settings import read_preferences_submission, read_settings_submission
from handlers.runtime import Request, failure_reply, new_reference, resolve_actor
from handlers.views import digests, goals, progress, sales
from salesbot import people
from salesbot.errors import UserError
from salesbot.i18n import Formatter, t
from salesbot.workspace_settings import settings_errors, update_settings

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    goals.register(app)
    digests.register(app)
    sales.register(app)
    progress.register(app)
    app.view(ids.SETTINGS_MODAL)(handle_settings_submission)
    app.view(ids.PREFERENCES_MODAL)(handle_preferences_submission)


def handle_settings_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    submitted = read_settings_submission(view["state"]["values"])

    def save(request: Request):
        errors = settings_errors(submitted)
        if errors:
            return {field: t(request.actor.lang, key) for field, key in errors.items()}
        update_settings(request.store, request.actor, submitted)
        fmt = Formatter(submitted.locale, submitted.currency)
        text = fmt.t(
            "settings.saved",
            currency=submitted.currency,
            timezone=submitted.timezone,
            language="English" if submitted.locale == "en" else "norsk bokmål",
            period=fmt.t(f"period.kind.{submitted.default_period_kind}"),
        )
        request.after_commit.append(lambda: client.chat_postMessage(channel=request.user_id, text=text))
        return None

    _submit(ack, body, client, context, save, first_field="currency")


def handle_preferences_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    language, public_ranking = read_preferences_submission(view["state"]["values"])

    def save(request: Request):
        people.set_preferences(request.store, request.actor, language=language, public_ranking=public_ranking)
        return None

    _submit(ack, body, client, context, save, first_field=ids.PREF_LANGUAGE)


def _submit(ack: Ack, body: dict, client: WebClient, context: BoltContext, save, *, first_field: str) -> None:
    """Validate and save before acking, so errors show on the modal's fields.

    ``save`` returns field errors (nothing is saved then) or None. A domain refusal shows on
    ``first_field``; anything unexpected replaces the modal with a failure notice and a reference.
    """
    services = context["services"]
    user_id = body["user"]["id"]
    lang = "en"
    try:
        with services.store(context.team_id or body["user"]["team_id"], context.enterprise_id) as store:
            actor = resolve_actor(store, client, user_id, services.settings.admins)
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
