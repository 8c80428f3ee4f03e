"""Small rows for the builder tests, shaped as the builders read them (salesbot/records.py), on
Wednesday 18 November 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

from salesbot.i18n import Formatter
from salesbot.pacing import Progress, compute_progress
from salesbot.periods import Period

EN, NB = Formatter("en"), Formatter("nb")
TODAY = date(2026, 11, 18)
NOV = Period.of_month(2026, 11)
# Slack reads these as markup in mrkdwn: a name holding them must be shown escaped.
ODD = "R&D <!here>"
ODD_MD = "R&amp;D &lt;!here&gt;"


def person(person_id: int, name: str = "Rita Rep", slack_user_id: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(id=person_id, slack_user_id=slack_user_id or f"U0P{person_id}", name=name)


def team(team_id: int, name: str = "Øst", channel_id: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(id=team_id, name=name, channel_id=channel_id)


def product(product_id: int, name: str = "Kaffe", *, active: bool = True, list_price=None) -> SimpleNamespace:
    return SimpleNamespace(id=product_id, name=name, active=active, list_price=list_price)


def goal(
    goal_id: int,
    *,
    scope: str = "person",
    person_id: int | None = None,
    team_id: int | None = None,
    metric: str = "revenue",
    target: int | str = 10000,
    period: Period = NOV,
    product_id: int | None = None,
    status: str = "open",
    created_by_id: int | None = None,
    created_at: datetime = datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
) -> SimpleNamespace:
    return SimpleNamespace(
        id=goal_id,
        scope=scope,
        person_id=person_id,
        team_id=team_id,
        metric=metric,
        period_kind=period.kind,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        product_id=product_id,
        target=Decimal(target),
        goal_key=f"{scope}:{person_id or team_id}:{metric}:{period.key}",
        status=status,
        created_by_id=created_by_id,
        created_at=created_at,
    )


def progress(target: int, actual: int, *, period: Period = NOV, today: date = TODAY) -> Progress:
    """Where a goal of ``target`` stands with ``actual`` sold, by the domain's own pacing."""
    return compute_progress(
        target=target, actual=actual, period_start=period.start, period_end=period.end, today=today
    )


def sale(sale_id: int = 5, **fields) -> SimpleNamespace:
    """An open sale of NOK 24,990 for person 1, ordered on 2 November and promised for the 10th."""
    values = {
        "id": sale_id,
        "person_id": 1,
        "product_id": None,
        "customer": "",
        "segment_id": None,
        "amount": Decimal("24990"),
        "units": 1,
        "ordered_on": date(2026, 11, 2),
        "promised_on": date(2026, 11, 10),
        "delivered_on": None,
        "followed_up_on": None,
        "lost_on": None,
        "lost_reason": None,
        "lost_note": "",
    }
    return SimpleNamespace(**(values | fields))
