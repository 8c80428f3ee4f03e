"""Workspace settings (admins): currency, language, timezone, default period, channel, contacts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol
from zoneinfo import available_timezones

from babel.numbers import list_currencies

from salesbot.access import Actor, require_admin
from salesbot.errors import FieldCheck, InvalidInput
from salesbot.i18n import LANGUAGES
from salesbot.records import AuditTrail, InWorkspace, WorkspaceRecord, changed_values

PERIOD_KINDS = ("month", "quarter", "year")
PACING_MODES = ("calendar", "business")
# Offered first in the settings modal; any ISO 4217 code babel knows is accepted.
COMMON_CURRENCIES = ("NOK", "SEK", "DKK", "EUR", "USD", "GBP", "CHF", "ISK", "PLN")
# The timezones offered in the modal (Slack's select holds at most 100 options); the
# workspace's current zone is always added, so a zone set elsewhere is never lost.
COMMON_TIMEZONES = (
    "Europe/Oslo",
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Atlantic/Reykjavik",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Zurich",
    "Europe/Vienna",
    "Europe/Warsaw",
    "Europe/Prague",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/St_Johns",
    "America/Halifax",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "UTC",
)


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
    announcement_channel: str | None = None
    production_contact: str | None = None
    customer_service_contact: str | None = None
    marketing_contact: str | None = None


def current_settings(workspace: WorkspaceRecord) -> WorkspaceSettings:
    return WorkspaceSettings(
        **{field: getattr(workspace, field) for field in WorkspaceSettings.__dataclass_fields__}
    )


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
    return errors


def timezone_choices(current: str | None) -> list[str]:
    zones = list(COMMON_TIMEZONES)
    if current and current not in zones:
        zones.insert(0, current)
    return zones


def update_settings(store: SettingsStore, actor: Actor, settings: WorkspaceSettings) -> WorkspaceRecord:
    """Saves the workspace's settings (admins); every value that cannot be stored is refused at
    once, by field (``FieldErrors``), and nothing is saved."""
    require_admin(actor, "settings")
    check = FieldCheck()
    for field, key in settings_errors(settings).items():
        check.refuse(field, InvalidInput(key, field=field))
    check.done()
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
