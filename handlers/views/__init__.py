"""Modal submissions (view_submission)."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks.settings import read_preferences_submission, read_settings_submission
from handlers.listeners import submit_view
from handlers.runtime import Request
from handlers.views import digests, goals, progress, sales
from salesbot import people
from salesbot.i18n import Formatter, t
from salesbot.workspace_settings import settings_errors, update_settings


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

    submit_view(ack, body, client, context, save, first_field="currency")


def handle_preferences_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    language, public_ranking = read_preferences_submission(view["state"]["values"])

    def save(request: Request):
        people.set_preferences(request.store, request.actor, language=language, public_ranking=public_ranking)
        return None

    submit_view(ack, body, client, context, save, first_field=ids.PREF_LANGUAGE)
