"""``/sales settings``: the workspace's settings (admins) and a person's own preferences."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks.choices import country_suggestions, timezone_suggestions
from handlers.blocks.settings import (
    build_preferences_modal,
    build_settings_modal,
    read_preferences_submission,
    read_settings_submission,
)
from handlers.forms import field_messages
from handlers.listeners import button, options_load, submit_view
from handlers.respond import Modal
from handlers.runtime import Request
from salesbot import people
from salesbot.access import require_admin
from salesbot.errors import FieldErrors
from salesbot.i18n import Formatter, language_name
from salesbot.people import language_of
from salesbot.workspace_settings import current_settings, update_settings


def register(app: App) -> None:
    app.action(ids.OPEN_SETTINGS)(button(workspace_settings_modal))
    app.action(ids.OPEN_PREFERENCES)(button(preferences_modal))
    app.view(ids.SETTINGS_MODAL)(handle_settings_submission)
    app.view(ids.PREFERENCES_MODAL)(handle_preferences_submission)
    app.options(ids.SETTINGS_TIMEZONE)(options_load(timezone_suggestions))
    app.options(ids.SETTINGS_HOLIDAY_COUNTRY)(options_load(country_suggestions))


PERSONAL = ("me", "meg", "my", "mine", "preferences", "preferanser")


def settings_command(request: Request, text: str) -> Modal:
    if text.strip().casefold() in PERSONAL or not request.actor.is_admin:
        return preferences_modal(request)
    return workspace_settings_modal(request)


def workspace_settings_modal(request: Request) -> Modal:
    require_admin(request.actor, "settings")
    return Modal(build_settings_modal(request.fmt, current_settings(request.store.workspace)))


def preferences_modal(request: Request) -> Modal:
    person = request.store.person(request.actor.person_id)
    view = build_preferences_modal(
        request.fmt,
        language=person.language,
        public_ranking=person.public_ranking,
        is_admin=request.actor.is_admin,
        diagnosis_suggestions=person.diagnosis_suggestions
        if request.actor.is_admin or request.actor.is_manager
        else None,
    )
    return Modal(view)


def handle_settings_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    submitted = read_settings_submission(view["state"]["values"])

    def save(request: Request):
        try:
            update_settings(request.store, request.actor, submitted)
        except FieldErrors as refused:
            return field_messages(request.fmt, refused, view["state"]["values"], first_field="currency")
        # In the admin's own language as it is now: the workspace's may just have changed.
        fmt = Formatter(_reader_language(request), submitted.currency)
        text = fmt.t(
            "settings.saved",
            currency=submitted.currency,
            timezone=submitted.timezone,
            language=language_name(submitted.locale),
            period=fmt.t(f"period.kind.{submitted.default_period_kind}"),
        )
        request.notify(request.user_id, text)
        return None

    submit_view(ack, body, client, context, save, first_field="currency")


def handle_preferences_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    language, public_ranking, suggestions = read_preferences_submission(view["state"]["values"])

    def save(request: Request):
        people.set_preferences(
            request.store,
            request.actor,
            language=language,
            public_ranking=public_ranking,
            diagnosis_suggestions=suggestions,
        )
        fmt = Formatter(_reader_language(request))
        text = fmt.t(
            "preferences.saved",
            language=fmt.t("preferences.language_follow_slack")
            if language is None
            else language_name(language),
            ranking=fmt.t("preferences.ranking_shown" if public_ranking else "preferences.ranking_hidden"),
        )
        if suggestions is not None:
            text += " " + fmt.t(
                "preferences.suggestions_on" if suggestions else "preferences.suggestions_off"
            )
        request.notify(request.user_id, text)
        return None

    submit_view(ack, body, client, context, save, first_field=ids.PREF_LANGUAGE)


def _reader_language(request: Request) -> str:
    return language_of(request.store.person(request.actor.person_id), request.store.workspace.locale)
