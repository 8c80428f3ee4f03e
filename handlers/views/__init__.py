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
from salesbot.i18n import Formatter, language_name, pick_language, t
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
        # In the admin's own language as it is now: the workspace's may just have changed.
        fmt = Formatter(_reader_language(request), submitted.currency)
        text = fmt.t(
            "settings.saved",
            currency=submitted.currency,
            timezone=submitted.timezone,
            language=language_name(submitted.locale),
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
        fmt = Formatter(_reader_language(request))
        text = fmt.t(
            "preferences.saved",
            language=fmt.t("preferences.language_follow_slack")
            if language is None
            else language_name(language),
            ranking=fmt.t("preferences.ranking_shown" if public_ranking else "preferences.ranking_hidden"),
        )
        request.after_commit.append(lambda: client.chat_postMessage(channel=request.user_id, text=text))
        return None

    submit_view(ack, body, client, context, save, first_field=ids.PREF_LANGUAGE)


def _reader_language(request: Request) -> str:
    person = request.store.person(request.actor.person_id)
    return pick_language(
        preference=person.language, slack_locale=person.slack_locale, workspace=request.store.workspace.locale
    )
