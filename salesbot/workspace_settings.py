"""Workspace settings (admins): currency, language, timezone, default period, pacing and working
days, channel, contacts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol
from zoneinfo import available_timezones

from babel.numbers import list_currencies

from salesbot.access import Actor, require_admin
from salesbot.errors import FieldCheck, InvalidInput
from salesbot.feedback import SCALES
from salesbot.i18n import LANGUAGES
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
    return errors


def update_settings(store: SettingsStore, actor: Actor, settings: WorkspaceSettings) -> WorkspaceRecord:
    """Saves the workspace's settings (admins); every value that cannot be stored is refused at
    once, by field (``FieldErrors``), and nothing is saved."""
    require_admin(actor, "settings")
    check = FieldCheck()
    for field, key in settings_errors(settings).items():
        check.refuse(field, InvalidInput(key, field=field))
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
