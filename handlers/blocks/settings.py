"""The settings modals: the workspace's (admins) and a person's own preferences."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    CheckboxesElement,
    ContextBlock,
    ConversationSelectElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
    UserSelectElement,
)

from handlers import ids
from handlers.blocks.choices import country_select, timezone_select
from handlers.blocks.common import build_form, clip
from salesbot.errors import InvalidInput
from salesbot.feedback import SCALES
from salesbot.i18n import LANGUAGES, Formatter, language_name
from salesbot.recognition import read_thresholds
from salesbot.workspace_settings import COMMON_CURRENCIES, PACING_MODES, PERIOD_KINDS, WorkspaceSettings

# The checkbox of ids.SETTINGS_YEAR_END_EVES that makes 24 and 31 December days off.
EVES_OFF = "off"


def _option(label: str, value: str) -> Option:
    """A choice in a list, capitalised like every other ("Month", "Calendar days"), whatever
    the casing of the message it comes from (period kinds are lower-case for use in sentences)."""
    return Option(text=clip(label[:1].upper() + label[1:], 75), value=value)


def _language_options() -> list[Option]:
    """Every language salesbot speaks, by its own name: "English", "Norsk bokmål"."""
    return [_option(language_name(lang), lang) for lang in LANGUAGES]


def _select(
    fmt: Formatter, field: str, options: list[Option], initial: str | None, *, hint: str | None = None
) -> InputBlock:
    initial_option = next((o for o in options if o.value == initial), None)
    return InputBlock(
        block_id=field,
        label=fmt.t(f"settings.field.{field}"),
        hint=hint,
        element=StaticSelectElement(action_id=field, options=options, initial_option=initial_option),
    )


def build_settings_modal(fmt: Formatter, settings: WorkspaceSettings) -> dict:
    currencies = list(COMMON_CURRENCIES)
    if settings.currency not in currencies:
        currencies.insert(0, settings.currency)
    eves_off = _option(fmt.t("settings.year_end_eves_off"), EVES_OFF)
    blocks = [
        _select(
            fmt,
            "currency",
            [_option(code, code) for code in currencies],
            settings.currency,
            hint=fmt.t("settings.hint.currency"),
        ),
        _select(fmt, "locale", _language_options(), settings.locale),
        InputBlock(
            block_id=ids.SETTINGS_TIMEZONE,
            label=fmt.t("settings.field.timezone"),
            element=timezone_select(fmt, ids.SETTINGS_TIMEZONE, settings.timezone),
        ),
        _select(
            fmt,
            "default_period_kind",
            [_option(fmt.t(f"period.kind.{kind}"), kind) for kind in PERIOD_KINDS],
            settings.default_period_kind,
        ),
        _select(
            fmt,
            "pacing",
            [_option(fmt.t(f"settings.pacing.{mode}"), mode) for mode in PACING_MODES],
            settings.pacing,
        ),
        InputBlock(
            block_id=ids.SETTINGS_HOLIDAY_COUNTRY,
            label=fmt.t("settings.field.holiday_country"),
            hint=fmt.t("settings.hint.holiday_country"),
            element=country_select(fmt, ids.SETTINGS_HOLIDAY_COUNTRY, settings.holiday_country),
        ),
        InputBlock(
            block_id=ids.SETTINGS_YEAR_END_EVES,
            label=fmt.t("settings.field.year_end_eves"),
            hint=fmt.t("settings.hint.year_end_eves"),
            optional=True,
            element=CheckboxesElement(
                action_id=ids.SETTINGS_YEAR_END_EVES,
                options=[eves_off],
                initial_options=[eves_off] if settings.year_end_eves_off else None,
            ),
        ),
        _select(
            fmt,
            "feedback_scale",
            [_option(fmt.t(f"settings.feedback_scale.{scale}"), scale) for scale in SCALES],
            settings.feedback_scale,
            hint=fmt.t("settings.hint.feedback_scale"),
        ),
        InputBlock(
            block_id="announcement_channel",
            label=fmt.t("settings.field.announcement_channel"),
            hint=fmt.t("settings.hint.announcement_channel"),
            optional=True,
            element=ConversationSelectElement(
                action_id="announcement_channel",
                initial_conversation=settings.announcement_channel,
                filter={"include": ["public", "private"], "exclude_bot_users": True},
            ),
        ),
        *_recognition_inputs(fmt, settings),
        HeaderBlock(text=fmt.t("settings.contacts_title")),
        ContextBlock(elements=[MarkdownTextObject(text=fmt.t("settings.contacts_hint"))]),
    ]
    for field in ("production_contact", "customer_service_contact", "marketing_contact"):
        blocks.append(
            InputBlock(
                block_id=field,
                label=fmt.t(f"settings.field.{field}"),
                optional=True,
                element=UserSelectElement(action_id=field, initial_user=getattr(settings, field)),
            )
        )
    return build_form(fmt, callback_id=ids.SETTINGS_MODAL, title=fmt.t("settings.title"), blocks=blocks)


def _typed(value: object) -> str:
    """A setting as the form shows it: numbers as typed, a list of thresholds as ``120, 150``."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _recognition_inputs(fmt: Formatter, settings: WorkspaceSettings) -> list:
    """Celebrations' further thresholds, the period's top list and the kudos limit."""
    blocks: list = [HeaderBlock(text=fmt.t("settings.recognition_title"))]
    for field in (
        "celebration_thresholds",
        "recognition_top_n",
        "recognition_min_attainment",
        "kudos_daily_limit",
    ):
        blocks.append(
            InputBlock(
                block_id=field,
                label=fmt.t(f"settings.field.{field}"),
                hint=fmt.t(f"settings.hint.{field}"),
                optional=field == "celebration_thresholds",
                element=PlainTextInputElement(
                    action_id=field, initial_value=_typed(getattr(settings, field)) or None, max_length=40
                ),
            )
        )
    return blocks


def _read_whole(text: str | None) -> int | str:
    text = (text or "").strip().rstrip("%").strip()
    return int(text) if text.isdigit() else text


def _read_thresholds(text: str | None) -> list | str:
    try:
        return read_thresholds(text or "")
    except InvalidInput:
        return text or ""


def build_preferences_modal(
    fmt: Formatter,
    *,
    language: str | None,
    public_ranking: bool,
    is_admin: bool = False,
    diagnosis_suggestions: bool | None = None,
) -> dict:
    """A person's own preferences; for anyone but an admin, a note that the workspace's settings
    are not here (``/sales settings`` opens this modal for them). ``diagnosis_suggestions``
    (managers and admins: whether salesbot suggests diagnoses to them) is left out when None."""
    languages = [_option(fmt.t("preferences.language_follow_slack"), "auto"), *_language_options()]
    ranking = _option(fmt.t("preferences.public_ranking"), "yes")
    note = (
        []
        if is_admin
        else [ContextBlock(elements=[MarkdownTextObject(text=fmt.t("preferences.admins_note"))])]
    )
    return build_form(
        fmt,
        callback_id=ids.PREFERENCES_MODAL,
        title=fmt.t("preferences.title"),
        blocks=[
            *note,
            InputBlock(
                block_id=ids.PREF_LANGUAGE,
                label=fmt.t("preferences.language"),
                element=RadioButtonsElement(
                    action_id=ids.PREF_LANGUAGE,
                    options=languages,
                    initial_option=next(o for o in languages if o.value == (language or "auto")),
                ),
            ),
            InputBlock(
                block_id=ids.PREF_RANKING,
                label=fmt.t("preferences.ranking_label"),
                optional=True,
                hint=fmt.t("preferences.ranking_hint"),
                element=CheckboxesElement(
                    action_id=ids.PREF_RANKING,
                    options=[ranking],
                    initial_options=[ranking] if public_ranking else None,
                ),
            ),
            *_suggestions_input(fmt, diagnosis_suggestions),
        ],
    )


def _suggestions_input(fmt: Formatter, on: bool | None) -> list[InputBlock]:
    if on is None:
        return []
    option = _option(fmt.t("preferences.suggestions"), "yes")
    return [
        InputBlock(
            block_id=ids.PREF_SUGGESTIONS,
            label=fmt.t("preferences.suggestions_label"),
            optional=True,
            hint=fmt.t("preferences.suggestions_hint"),
            element=CheckboxesElement(
                action_id=ids.PREF_SUGGESTIONS, options=[option], initial_options=[option] if on else None
            ),
        )
    ]


def read_settings_submission(values: dict) -> WorkspaceSettings:
    """The workspace settings from a submitted modal's ``view.state.values``."""

    def picked(field: str) -> str | None:
        state = values.get(field, {}).get(field, {})
        option = state.get("selected_option")
        if option:
            return option["value"]
        return state.get("selected_conversation") or state.get("selected_user")

    def typed(field: str) -> str | None:
        return values.get(field, {}).get(field, {}).get("value")

    return WorkspaceSettings(
        currency=picked("currency") or "",
        locale=picked("locale") or "",
        timezone=picked("timezone") or "",
        default_period_kind=picked("default_period_kind") or "",
        pacing=picked("pacing") or "",
        holiday_country=picked(ids.SETTINGS_HOLIDAY_COUNTRY) or "",
        year_end_eves_off=any(
            o["value"] == EVES_OFF
            for o in values.get(ids.SETTINGS_YEAR_END_EVES, {})
            .get(ids.SETTINGS_YEAR_END_EVES, {})
            .get("selected_options")
            or []
        ),
        announcement_channel=picked("announcement_channel"),
        production_contact=picked("production_contact"),
        customer_service_contact=picked("customer_service_contact"),
        marketing_contact=picked("marketing_contact"),
        feedback_scale=picked("feedback_scale") or "",
        celebration_thresholds=_read_thresholds(typed("celebration_thresholds")),
        recognition_top_n=_read_whole(typed("recognition_top_n")),
        recognition_min_attainment=_read_whole(typed("recognition_min_attainment")),
        kudos_daily_limit=_read_whole(typed("kudos_daily_limit")),
    )


def read_preferences_submission(values: dict) -> tuple[str | None, bool, bool | None]:
    """(language, public ranking, diagnosis suggestions: None when the form did not ask)."""
    language = values[ids.PREF_LANGUAGE][ids.PREF_LANGUAGE]["selected_option"]["value"]
    ranking = values.get(ids.PREF_RANKING, {}).get(ids.PREF_RANKING, {}).get("selected_options") or []
    suggestions = None
    if ids.PREF_SUGGESTIONS in values:
        ticked = values[ids.PREF_SUGGESTIONS].get(ids.PREF_SUGGESTIONS, {}).get("selected_options") or []
        suggestions = any(o["value"] == "yes" for o in ticked)
    return (None if language == "auto" else language), any(o["value"] == "yes" for o in ranking), suggestions
