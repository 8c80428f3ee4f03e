"""Workspace settings (admins): currency, language, timezone, default period, pacing and working
days, channel, contacts, recognition."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from typing import Protocol
from zoneinfo import available_timezones

from babel.numbers import list_currencies

from salesbot.access import Actor, require_admin
from salesbot.errors import FieldCheck, InvalidInput
from salesbot.feedback import SCALES
from salesbot.i18n import LANGUAGES
from salesbot.kudos import DAILY_LIMIT_MAX
from salesbot.recognition import MIN_ATTAINMENT_MAX, THRESHOLDS_MAX, TOP_N_MAX, thresholds_valid
from salesbot.records import AuditTrail, InWorkspace, WorkspaceRecord, changed_values
from salesbot.workdays import holiday_country, is_holiday_country

PERIOD_KINDS = ("month", "quarter", "year")
PACING_MODES = ("calendar", "business")
# Offered first in the settings modal; any ISO 4217 code babel knows is accepted.
COMMON_CURRENCIES = ("NOK", "SEK", "DKK", "EUR", "USD", "GBP", "CHF", "ISK", "PLN")


class SettingsStore(InWorkspace, AuditTrail, Protocol):
    """What changing the workspace's settings needs of the store."""

    def update_workspace(self, **changes: object) -> WorkspaceRecord: ...


@dataclass(frozen=True)
class WorkspaceSettings:
    currency: str
    locale: str
    timezone: str
    default_period_kind: str
    pacing: str = "calendar"
    # The country whose public holidays are not working days, or NO_COUNTRY. Shown and compared
    # as it counts: a workspace that has not picked one shows its timezone's.
    holiday_country: str | None = None
    year_end_eves_off: bool = True
    announcement_channel: str | None = None
    production_contact: str | None = None
    customer_service_contact: str | None = None
    marketing_contact: str | None = None
    # How customers score: CSAT (1–5) or NPS (0–10); see salesbot.feedback.
    feedback_scale: str = "csat"
    # Recognition (salesbot.recognition, salesbot.kudos): thresholds celebrated beyond 100 %,
    # the size of a period's top list and the least attainment (percent) to be on it, and the
    # kudos one person may give a day. A value typed that is not a number stays as typed (a
    # str), to be refused by ``settings_errors``.
    celebration_thresholds: list | str = dataclass_field(default_factory=list)
    recognition_top_n: int | str = 5
    recognition_min_attainment: int | str = 100
    kudos_daily_limit: int | str = 5


_MAXIMA = {
    "celebration_thresholds": THRESHOLDS_MAX,
    "recognition_top_n": TOP_N_MAX,
    "recognition_min_attainment": MIN_ATTAINMENT_MAX,
    "kudos_daily_limit": DAILY_LIMIT_MAX,
}


def current_settings(workspace: WorkspaceRecord) -> WorkspaceSettings:
    settings = {field: getattr(workspace, field) for field in WorkspaceSettings.__dataclass_fields__}
    return WorkspaceSettings(**{**settings, "holiday_country": holiday_country(workspace)})


def settings_errors(settings: WorkspaceSettings) -> dict[str, str]:
    """Field name → message key for every value that cannot be stored."""
    errors = {}
    if settings.currency not in list_currencies():
        errors["currency"] = "settings.currency_invalid"
    if settings.locale not in LANGUAGES:
        errors["locale"] = "settings.language_invalid"
    if settings.timezone not in available_timezones():
        errors["timezone"] = "settings.timezone_invalid"
    if settings.default_period_kind not in PERIOD_KINDS:
        errors["default_period_kind"] = "settings.period_kind_invalid"
    if settings.pacing not in PACING_MODES:
        errors["pacing"] = "settings.pacing_invalid"
    if not is_holiday_country(settings.holiday_country):
        errors["holiday_country"] = "settings.holiday_country_invalid"
    if settings.feedback_scale not in SCALES:
        errors["feedback_scale"] = "settings.feedback_scale_invalid"
    if not thresholds_valid(settings.celebration_thresholds):
        errors["celebration_thresholds"] = "recognition.thresholds_invalid"
    if not _whole(settings.recognition_top_n, 1, TOP_N_MAX):
        errors["recognition_top_n"] = "settings.top_n_invalid"
    if not _whole(settings.recognition_min_attainment, 0, MIN_ATTAINMENT_MAX):
        errors["recognition_min_attainment"] = "settings.min_attainment_invalid"
    if not _whole(settings.kudos_daily_limit, 1, DAILY_LIMIT_MAX):
        errors["kudos_daily_limit"] = "settings.kudos_limit_invalid"
    return errors


def _whole(value: object, least: int, most: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and least <= value <= most


def update_settings(store: SettingsStore, actor: Actor, settings: WorkspaceSettings) -> WorkspaceRecord:
    """Saves the workspace's settings (admins); every value that cannot be stored is refused at
    once, by field (``FieldErrors``), and nothing is saved."""
    require_admin(actor, "settings")
    check = FieldCheck()
    for field, key in settings_errors(settings).items():
        check.refuse(field, InvalidInput(key, field=field, max=_MAXIMA.get(field, 0)))
    check.done()
    # A holiday country left as the timezone's is not stored: it goes on following the timezone.
    changes = changed_values(asdict(current_settings(store.workspace)), asdict(settings))
    if not changes:
        return store.workspace
    workspace = store.update_workspace(timezone_confirmed=True, **{k: new for k, (_, new) in changes.items()})
    store.audit(
        actor_id=actor.person_id,
        action="workspace.settings",
        entity="workspace",
        entity_id=workspace.id,
        changes=changes,
    )
    return workspace
