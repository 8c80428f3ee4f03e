"""``/sales reward``: nominating someone for a reward (managers), the catalog (admins keep it),
pending nominations and the decision on each (admins), and the history with spend against
budget. The rules are in ``salesbot.rewards``.

``/sales reward @person`` (or **Nominate a reward** on a period's announcement) opens the
nomination form; ``reward catalog`` (with Edit and Retire beside each reward for admins),
``reward add``, ``reward pending``, ``reward history [@person] [PERIOD]``. A nomination is sent
to every admin with Approve / Decline; the form behind each writes the decision once, and a
second admin is told who decided.
"""

from __future__ import annotations

import re

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks.common import build_notice, mention, metadata, read_metadata
from handlers.blocks.rewards import (
    APPROVE,
    build_catalog,
    build_decide_modal,
    build_decided_notice,
    build_decision_dm,
    build_decision_post,
    build_history,
    build_nominate_modal,
    build_nomination_card,
    build_pending,
    build_reward_modal,
    read_decide_submission,
    read_nomination_submission,
    read_reward_submission,
)
from handlers.forms import submit_form
from handlers.listeners import button
from handlers.replies import answer_change
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot import rewards
from salesbot.access import Role, effective_role, require_admin, require_manager
from salesbot.commands import take_mentions
from salesbot.errors import InvalidInput, NotFound, UserError
from salesbot.i18n import Formatter
from salesbot.leaderboard import read_period

DECIDE_ACTION = re.compile(rf"^{re.escape(ids.REWARD_DECIDE)}:(approve|decline)$")
CATALOG_WORDS = ("catalog", "catalogue", "katalog", "list", "liste")
ADD_WORDS = ("add", "legg")
PENDING_WORDS = ("pending", "ventende")
HISTORY_WORDS = ("history", "historikk")


def register(app: App) -> None:
    app.action(ids.REWARD_NOMINATE)(button(nominate_pressed))
    app.action(ids.REWARD_ADD)(button(add_pressed))
    app.action(ids.REWARD_EDIT)(button(edit_pressed))
    app.action(ids.REWARD_RETIRE)(button(retire_pressed, replace=True))
    app.action(DECIDE_ACTION)(button(decide_pressed))
    app.view(ids.REWARD_NOMINATE_MODAL)(handle_nomination)
    app.view(ids.REWARD_EDIT_MODAL)(handle_reward_form)
    app.view(ids.REWARD_DECIDE_MODAL)(handle_decision)


def reward_command(request: Request, text: str) -> Reply | Modal:
    word, _, rest = text.strip().partition(" ")
    word = word.casefold()
    if word in CATALOG_WORDS:
        return catalog_reply(request)
    if word in ADD_WORDS:
        return add_pressed(request)
    if word in PENDING_WORDS:
        return pending_reply(request)
    if word in HISTORY_WORDS:
        return history_reply(request, rest)
    ids_, remainder = take_mentions(text)
    if not text.strip():
        if request.actor.role is Role.REP:
            return history_reply(request, "")
        return _nominate_form(request, None, "")
    if len(ids_) != 1:
        raise InvalidInput("rewards.form", example="rewards.usage", text=text.strip())
    person = request.people(ids_)[0]
    return _nominate_form(request, person, remainder.strip())


# -- the catalog -------------------------------------------------------------------------------


def catalog_reply(request: Request, notice: str | None = None) -> Reply:
    store, actor = request.store, request.actor
    listed = list(store.rewards(include_retired=actor.is_admin))
    period = rewards.budget_period(store, request.today)
    budgets = {r.id: rewards.budget_of(store, r, period) for r in listed if r.budget is not None}
    return build_catalog(request.fmt, listed, budgets, admin=actor.is_admin, notice=notice)


def add_pressed(request: Request) -> Modal:
    require_admin(request.actor, "reward add")
    meta = metadata(url=request.responder.response_url, ch=request.channel_id)
    return Modal(build_reward_modal(request.fmt, private_metadata=meta))


def edit_pressed(request: Request) -> Modal:
    """**Edit** beside a reward in the catalog: the catalog form, prefilled (admins only)."""
    require_admin(request.actor, "reward add")
    value = request.pressed.value
    reward = request.store.reward(int(value)) if value.isdigit() else None
    if reward is None or not reward.active:
        raise NotFound("rewards.reward_not_found")
    meta = metadata(r=reward.id, url=request.responder.response_url, ch=request.channel_id)
    return Modal(build_reward_modal(request.fmt, reward=reward, private_metadata=meta))


def handle_reward_form(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    editing = read_metadata(body["view"]).get("r")

    def work(request: Request, values: dict) -> None:
        draft = read_reward_submission(values)
        if editing:
            reward = rewards.edit_reward(request.store, request.actor, int(editing), draft)
            notice = request.fmt.t("rewards.edited", name=reward.name)
        else:
            reward = rewards.add_reward(request.store, request.actor, draft)
            notice = request.fmt.t("rewards.added", name=reward.name)
        answer_change(request, catalog_reply(request, notice))

    submit_form(ack, body, client, context, work, first_field=rewards.F_NAME)


def retire_pressed(request: Request) -> Reply:
    value = request.pressed.value
    if not value.isdigit():
        raise NotFound("rewards.reward_not_found")
    reward, kept = rewards.retire_reward(request.store, request.actor, int(value))
    key = "rewards.retired" if kept else "rewards.deleted"
    return catalog_reply(request, request.fmt.t(key, name=reward.name))


# -- nominating --------------------------------------------------------------------------------


def _nominate_form(request: Request, person, achievement: str) -> Modal:
    require_manager(request.actor, "reward")
    if person is not None:
        rewards.require_may_nominate(request.actor, person)
    listed = list(request.store.rewards())
    if not listed:
        raise InvalidInput("rewards.catalog_empty_nominate")
    view = build_nominate_modal(
        request.fmt,
        listed,
        person=person.slack_user_id if person else None,
        achievement=achievement,
        private_metadata=metadata(
            to=person.slack_user_id if person else "",
            url=request.responder.response_url,
            ch=request.channel_id,
        ),
    )
    return Modal(view)


def nominate_pressed(request: Request) -> Modal:
    """**Nominate a reward** on an announcement: the form for that person (managers only)."""
    person_id, _, achievement = request.pressed.value.partition("|")
    person = request.store.person(int(person_id)) if person_id.isdigit() else None
    if person is None:
        raise NotFound("rewards.person_gone")
    return _nominate_form(request, person, achievement)


def handle_nomination(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    opened = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        picked, draft = read_nomination_submission(values)
        user_id = opened.get("to") or picked
        if not user_id:
            raise InvalidInput("rewards.person_missing", field=rewards.F_PERSON)
        person = request.people([user_id])[0]
        try:
            rewards.require_may_nominate(request.actor, person)
        except UserError as error:  # shown on the person field
            error.params.setdefault("field", rewards.F_PERSON)
            raise
        nomination = rewards.nominate(
            request.store,
            request.actor,
            person,
            draft,
            today=request.today,
            request_key=f"nominate:{body['view']['id']}",
        )
        if nomination is None:
            return
        _send_to_admins(request, nomination, person)
        notice = request.fmt.t("rewards.nominated", person=mention(person.slack_user_id))
        answer_change(request, build_notice(notice))

    submit_form(ack, body, client, context, work, first_field=rewards.F_REWARD)


def _admins(request: Request):
    return [
        p for p in request.store.people() if not p.is_bot and effective_role(p, request.admins) is Role.ADMIN
    ]


def nomination_card(request: Request, nomination, fmt: Formatter) -> Reply:
    store = request.store
    reward = store.reward(nomination.reward_id)
    person = store.person(nomination.person_id)
    nominator = store.person(nomination.nominated_by_id) if nomination.nominated_by_id else None
    budget = rewards.budget_of(store, reward, rewards.budget_period(store, request.today))
    return build_nomination_card(
        fmt,
        nomination,
        reward,
        person=person.slack_user_id,
        nominator=nominator.slack_user_id if nominator else None,
        budget=budget,
        over=rewards.is_over_budget(store, nomination, reward, request.today),
    )


def _send_to_admins(request: Request, nomination, person) -> None:
    for admin in _admins(request):
        if admin.id == request.actor.person_id:
            continue  # an admin nominating sees it in pending; no DM to themselves
        request.notify(
            admin.slack_user_id, nomination_card(request, nomination, request.formatter_for(admin))
        )


def pending_reply(request: Request) -> Reply:
    require_admin(request.actor, "reward pending")
    found = request.store.nominations(status=rewards.PENDING)
    return build_pending(request.fmt, [nomination_card(request, n, request.fmt) for n in found])


# -- deciding ----------------------------------------------------------------------------------


def decide_pressed(request: Request) -> Modal:
    require_admin(request.actor, "reward pending")
    choice, _, nomination_id = request.pressed.value.partition("|")
    nomination = request.store.nomination(int(nomination_id)) if nomination_id.isdigit() else None
    if nomination is None:
        raise NotFound("rewards.nomination_not_found")
    rewards._refuse_if_decided(request.store, nomination)
    store = request.store
    reward = store.reward(nomination.reward_id)
    approve = choice == APPROVE
    view = build_decide_modal(
        request.fmt,
        nomination,
        reward,
        person=store.person(nomination.person_id).slack_user_id,
        approve=approve,
        over=rewards.is_over_budget(store, nomination, reward, request.today),
        budget=rewards.budget_of(store, reward, rewards.budget_period(store, request.today)),
        private_metadata=metadata(
            n=nomination.id, a=int(approve), url=request.responder.response_url, ch=request.channel_id
        ),
    )
    return Modal(view)


def handle_decision(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    opened = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        note, confirmed, starts_on = read_decide_submission(values)
        decision = rewards.decide(
            request.store,
            request.actor,
            int(opened.get("n") or 0),
            approve=bool(opened.get("a")),
            note=note,
            confirmed=confirmed,
            starts_on=starts_on,
            today=request.today,
            now=request.services.clock.now(),
        )
        _tell_decision(request, decision)

    # No claim on the view: the decision itself is written once, and a second submission is
    # told who decided rather than passed over in silence.
    submit_form(ack, body, client, context, work, first_field=rewards.F_NOTE, claim=False)


def _tell_decision(request: Request, decision: rewards.Decision) -> None:
    store, person = request.store, decision.person
    request.notify(
        person.slack_user_id,
        build_decision_dm(request.formatter_for(person), decision, decider=request.user_id),
    )
    nominator = (
        store.person(decision.nomination.nominated_by_id) if decision.nomination.nominated_by_id else None
    )
    if nominator is not None and nominator.id != request.actor.person_id:
        fmt = request.formatter_for(nominator)
        request.notify(
            nominator.slack_user_id,
            build_notice(build_decided_notice(fmt, decision, person=person.slack_user_id, over=False)),
        )
    if decision.approved and person.public_ranking:
        workspace = store.workspace
        shared = Formatter(workspace.locale, workspace.currency)
        channels = [t.channel_id for t in store.teams_of(person) if t.channel_id]
        for channel in dict.fromkeys(channels):
            request.notify(channel, build_decision_post(shared, decision, person=person.slack_user_id))
    notice = build_decided_notice(
        request.fmt, decision, person=person.slack_user_id, over=decision.over_budget
    )
    answer_change(request, build_notice(notice))


# -- history -----------------------------------------------------------------------------------


def history_reply(request: Request, text: str) -> Reply:
    ids_, rest = take_mentions(text)
    person = request.people(ids_[:1])[0] if ids_ else None
    period = read_period(request.store, rest, today=request.today, lang=request.actor.lang)
    found = rewards.history(request.store, request.actor, period=period, person=person)
    return build_history(request.fmt, found, subject=mention(person.slack_user_id) if person else None)
