"""Rows the domain tests start from, written through a real Store (the ``store`` fixture)."""

from __future__ import annotations

from decimal import Decimal

from salesbot.people import SlackProfile, actor_for, sync_person
from salesbot.periods import Period
from storage.models import Sale
from tests.helpers import goal_row

# Admins by configuration (SALESBOT_ADMINS).
ADMINS = frozenset({"U0CONF"})
NOV = Period.of_month(2026, 11)


def synced(store, user_id, name, **flags):
    """A person as Slack describes them, synced as on their first request (in Oslo)."""
    return sync_person(
        store, SlackProfile(user_id=user_id, name=name, timezone="Europe/Oslo", **flags), ADMINS
    )


def person(store, name, *, public=True, role="rep"):
    row = store.new_person("U0" + name.upper().replace(" ", ""))
    row.name, row.public_ranking, row.role = name, public, role
    return store.save_person(row)


def team(store, name, members=(), managers=()):
    row = store.create_team(name)
    for member in members:
        store.add_to_team(row, member, "member")
    for manager in managers:
        store.add_to_team(row, manager, "manager")
    return row


def goal(store, target, *, scope="person", who=None, metric="revenue", period=NOV, product=None):
    return goal_row(store, target, period=period, scope=scope, who=who, metric=metric, product=product)


def sale(store, who, amount, day, *, units=1, lost=None, product=None, workspace_id=None):
    store.session.add(
        Sale(
            workspace_id=workspace_id or store.workspace_id,
            person_id=who.id,
            amount=Decimal(amount),
            units=units,
            ordered_on=day,
            lost_on=lost,
            lost_reason="price" if lost else None,
            product_id=product.id if product else None,
        )
    )
    store.session.flush()


def actor(store, who):
    return actor_for(store, who, frozenset())
