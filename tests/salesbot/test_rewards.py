"""The reward catalog's rules: editing a reward is checked as adding one (every field's error at
once), a name clash with any other reward is refused, its kind stays once it has nominations,
and only what changed is audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest

from salesbot import rewards
from salesbot.access import Actor, Role
from salesbot.errors import FieldErrors, NotFound, PermissionDenied
from salesbot.periods import Period

ADMIN = Actor(1, "U1", "Ada", Role.ADMIN, "en")
MANAGER = Actor(2, "U2", "Mia", Role.MANAGER, "en")


@dataclass
class _Reward:
    id: int
    kind: str
    name: str
    value: Decimal | None = None
    days: int | None = None
    budget: Decimal | None = None
    active: bool = True


class _Catalog:
    """Just the catalog part of the store, in memory."""

    def __init__(self, *listed: _Reward, in_use: tuple[int, ...] = ()) -> None:
        self.workspace = SimpleNamespace(id=1, currency="NOK")
        self.listed = {r.id: r for r in listed}
        self.in_use = set(in_use)
        self.audited: list[dict] = []

    def reward(self, reward_id):
        return self.listed.get(reward_id)

    def reward_by_name(self, name):
        return next((r for r in self.listed.values() if r.name.casefold() == name.casefold()), None)

    def reward_in_use(self, reward_id):
        return reward_id in self.in_use

    def update_reward(self, reward_id, **fields):
        for field, value in fields.items():
            setattr(self.listed[reward_id], field, value)

    def audit(self, **entry):
        self.audited.append(entry)


def catalog(**kwargs) -> _Catalog:
    return _Catalog(
        _Reward(1, "cash", "Q4 bonus", value=Decimal(5000), budget=Decimal(8000)),
        _Reward(2, "time_off", "Extra day", days=1),
        _Reward(3, "trip", "Old trip", active=False),
        **kwargs,
    )


def test_an_edit_writes_what_changed_and_audits_it():
    store = catalog()
    draft = rewards.RewardDraft(kind="cash", name=" Year-end  bonus", value="6000", budget="8 000")
    reward = rewards.edit_reward(store, ADMIN, 1, draft)
    assert (reward.name, reward.value, reward.budget) == ("Year-end bonus", Decimal(6000), Decimal(8000))
    (entry,) = store.audited
    assert (entry["action"], entry["entity_id"]) == ("reward.edited", 1)
    assert entry["changed"] == {"name": ["Q4 bonus", "Year-end bonus"], "value": ["5000", "6000.00"]}


def test_an_edit_that_changes_nothing_is_not_audited():
    store = catalog()
    rewards.edit_reward(store, ADMIN, 2, rewards.RewardDraft(kind="time_off", name="Extra day", days="1"))
    assert store.audited == []


def test_every_bad_field_at_once_and_a_clash_with_any_other_reward_even_retired():
    store = catalog()
    with pytest.raises(FieldErrors) as refused:
        rewards.edit_reward(store, ADMIN, 2, rewards.RewardDraft(kind="time_off", name="old TRIP", days="0"))
    assert set(refused.value.errors) == {"name", "days"}
    assert refused.value.errors["name"].key == "rewards.name_taken"
    assert (store.listed[2].name, store.listed[2].days) == ("Extra day", 1)
    # Its own name, in other letters, is no clash.
    rewards.edit_reward(store, ADMIN, 1, rewards.RewardDraft(kind="cash", name="Q4 BONUS", value="5000"))
    assert store.listed[1].name == "Q4 BONUS"


def test_the_kind_stays_once_the_reward_has_nominations():
    store = catalog(in_use=(1,))
    with pytest.raises(FieldErrors) as refused:
        rewards.edit_reward(store, ADMIN, 1, rewards.RewardDraft(kind="trip", name="Q4 bonus"))
    assert refused.value.errors["kind"].key == "rewards.kind_in_use"
    assert store.listed[1].kind == "cash"
    rewards.edit_reward(store, ADMIN, 2, rewards.RewardDraft(kind="trip", name="Extra day"))
    assert store.listed[2].kind == "trip"


def test_only_admins_edit_and_only_active_rewards():
    store = catalog()
    with pytest.raises(PermissionDenied):
        rewards.edit_reward(store, MANAGER, 1, rewards.RewardDraft(kind="cash", name="Mine", value="1"))
    with pytest.raises(NotFound):
        rewards.edit_reward(store, ADMIN, 3, rewards.RewardDraft(kind="trip", name="Old trip"))
    assert store.listed[1].name == "Q4 bonus" and store.audited == []


def test_whose_nominations_each_reader_sees():
    rep = Actor(3, "U3", "Rita", Role.REP, "en")
    manager = Actor(2, "U2", "Mia", Role.MANAGER, "en", frozenset({3, 4}))
    assert rewards.whose_rewards(ADMIN) is None
    assert rewards.whose_rewards(manager) == [2, 3, 4]
    assert rewards.whose_rewards(rep) == [3]


@pytest.mark.parametrize(
    ("budget_period", "export", "counted"),
    [
        ("2026-11", Period.of_month(2026, 11), True),
        ("2026-10", Period.of_month(2026, 11), False),
        ("2026-11", Period.of_quarter(2026, 4), True),
        ("2026-Q4", Period.of_month(2026, 11), True),
        ("2027", Period.of_month(2026, 12), False),
        ("not a period", Period.of_month(2026, 11), False),
    ],
)
def test_a_nomination_counts_in_the_periods_its_budget_period_overlaps(budget_period, export, counted):
    assert rewards.counts_in(SimpleNamespace(period_key=budget_period), export) is counted
