"""Replies more than one feature sends: a page of a list of sales (open orders, a period's
results), the App Home tab, the answer to a change made from a message, a modal or the Home
tab, and the celebrations a change to sales or goals may bring.

Feature modules (handlers/goals.py, sales.py, …) never import each other; what two of them
both show lives here, built from the domain's answer and a ``build_*`` function.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date

from slack_sdk.errors import SlackApiError

from handlers.blocks.coaching import home_coaching, home_my_plan
from handlers.blocks.diagnosis import home_diagnoses
from handlers.blocks.feedback import build_low_alert, sale_label
from handlers.blocks.goal_talks import goal_label, home_goal_talks
from handlers.blocks.home import HOME_ORDERS, build_home
from handlers.blocks.kudos import home_kudos
from handlers.blocks.recognition import (
    build_celebration,
    build_congratulation,
    celebration_subject,
    kept_below_note,
)
from handlers.blocks.sales import (
    LIST_SALES,
    ORDERS,
    RESULTS,
    ListKey,
    build_orders_list,
    build_results_list,
)
from handlers.blocks.training import home_trainings
from handlers.respond import Reply, Responder
from handlers.runtime import Request, run_request
from salesbot import coaching, diagnosis, feedback, goal_talks, kudos, orders, recognition, results, training
from salesbot.goals import Subject, subject_of
from salesbot.i18n import Formatter
from salesbot.people import language_of
from salesbot.progress import BEHIND, home_dashboard


def list_reply(request: Request, list_key: str | None, *, notice: str | None = None) -> Reply:
    """The page of the list of sales ``list_key`` names (``ListKey``), if the reader may see it
    (checked every time: list keys come back from buttons). A key not understood is the
    reader's own open orders."""
    key = ListKey.read(list_key) or ListKey(ORDERS, orders.Whose(orders.PERSON, request.actor.person_id))
    if key.kind == RESULTS:
        return results_reply(request, key, notice=notice)
    return orders_reply(request, key, notice=notice)


def orders_reply(request: Request, key: ListKey, *, notice: str | None = None) -> Reply:
    """A page of the open orders of a person or a team."""
    store, actor, fmt = request.store, request.actor, request.fmt
    shown = orders.open_orders_page(store, actor, key.whose, page=key.page, size=LIST_SALES)
    if key.whose.kind == orders.TEAM:
        title_key = "orders.title_team"
    else:
        title_key = "orders.title_mine" if shown.mine else "orders.title_person"
    return build_orders_list(
        fmt,
        shown.orders,
        total=shown.total,
        title=fmt.t(title_key, name=shown.name, count=fmt.number(shown.total)),
        today=request.today,
        labels=store.sale_labels(shown.orders),
        show_owner=key.whose.kind == orders.TEAM,
        list_key=key.at(shown.page),
        notice=notice,
        reader=actor,
    )


def results_reply(request: Request, key: ListKey, *, notice: str | None = None) -> Reply:
    """A page of the sales of a person, a team or everyone ordered in the key's period."""
    store, actor, fmt = request.store, request.actor, request.fmt
    shown = results.results_page(store, actor, key.whose, key.period, page=key.page, size=LIST_SALES)
    period = key.period.label(actor.lang)
    if key.whose.kind == orders.COMPANY:
        title = fmt.t("results.title_company", period=period)
    elif shown.mine:
        title = fmt.t("results.title_mine", period=period)
    else:
        title = fmt.t("results.title_of", name=shown.name, period=period)
    tally = shown.tally
    summary = fmt.t(
        "results.summary",
        sales=fmt.plural("results.sales", tally.count),
        won=fmt.money(tally.won),
        lost=fmt.plural("results.lost", tally.lost),
    )
    return build_results_list(
        fmt,
        shown.sales,
        title=title,
        summary=summary,
        today=request.today,
        labels=store.sale_labels(shown.sales),
        show_owner=key.whose.kind != orders.PERSON,
        list_key=key.at(shown.page),
        pages=shown.pages,
        reader=actor,
        notice=notice,
    )


def publish_home(request: Request, page: int = 0) -> None:
    """Publishes the asking person's Home tab at ``page``."""
    store, actor = request.store, request.actor
    dashboard = home_dashboard(store, actor, today=request.today)
    # Fetched on every page: the first page's size decides where the later pages begin.
    open_orders = store.open_orders(actor.person_id, limit=HOME_ORDERS)
    view = build_home(
        request.fmt,
        actor,
        dashboard,
        orders=open_orders,
        open_count=store.count_open_orders(actor.person_id) if open_orders else 0,
        order_labels=store.sale_labels(open_orders) if open_orders else None,
        trainings=home_trainings(
            request.fmt,
            training.my_trainings(store, actor, request.today),
            {product.id: product.name for product in store.products(include_retired=True)},
        ),
        diagnoses=home_diagnoses(request.fmt, diagnosis.open_diagnoses(store, actor))
        if actor.is_admin or actor.is_manager
        else (),
        coaching=home_my_plan(request.fmt, coaching.my_plan(store, actor))
        + home_coaching(request.fmt, coaching.plans_to_follow(store, actor), today=request.today),
        diagnosable=_diagnosable(request, dashboard),
        kudos=_home_kudos(request),
        goal_talks=_home_goal_talks(request),
        page=page,
    )
    request.client.views_publish(user_id=actor.slack_user_id, view=view)


def _home_kudos(request: Request) -> list[dict]:
    """The reader's kudos of the period, when they have any."""
    found = kudos.home_kudos(request.store, request.actor, today=request.today)
    if not found.count and not found.recent:
        return []
    recent = [(giver.slack_user_id, given.reason) for giver, given in found.recent]
    return home_kudos(
        request.fmt, count=found.count, period=found.period.label(request.actor.lang), recent=recent
    )


def goal_labels(store, fmt: Formatter, goals) -> dict[int, str]:
    """Each goal as its readers see it named ("NOK 150,000 for @Rita in November 2026"), by id:
    under a goal's notice, in a discussion's threads and on App Home."""
    goals = list({goal.id: goal for goal in goals}.values())
    if not goals:
        return {}
    _, _, products = store.goal_subjects(goals)
    return {g.id: goal_label(fmt, g, subject_of(store, g), products.get(g.product_id)) for g in goals}


def _home_goal_talks(request: Request) -> list:
    """The reader's goals awaiting their acknowledgement; a manager's goals under discussion."""
    store, actor, fmt = request.store, request.actor, request.fmt
    awaiting, _ = goal_talks.awaiting_acknowledgement(store, actor)
    discussions = goal_talks.discussions_under_way(store, actor, limit=10)
    if not awaiting and not discussions:
        return []
    labels = goal_labels(store, fmt, [a.goal for a in awaiting] + [d.goal for d in discussions])
    me = store.person(actor.person_id)
    timezone = (me.timezone if me else None) or store.workspace.timezone
    return home_goal_talks(fmt, awaiting, discussions, labels, timezone=timezone)


def _diagnosable(request: Request, dashboard) -> set[int]:
    """The people behind pace on the Home tab whom the reader may diagnose (their managers, admins)."""
    store, actor = request.store, request.actor
    if not (actor.is_admin or actor.is_manager):
        return set()
    shown = [s for overview in dashboard.teams if overview.managed for s in overview.people]
    shown += dashboard.company.behind if dashboard.company is not None else []
    return {
        s.person.id
        for s in shown
        if s.status in BEHIND and diagnosis.may_diagnose(store, actor, Subject("person", person=s.person))
    }


def answer_change(request: Request, reply: Reply, *, replace: bool = False) -> None:
    """Once saved: ``reply`` where the change was asked (``replace`` redraws that message).

    From the App Home tab, which shows what changed, the tab is drawn again too: Slack sends no
    app_home_opened when a modal opened from Home closes, so it would show the old numbers.
    """
    request.after_commit(lambda: request.responder.send(reply, replace=replace))
    if request.responder.from_home_tab:
        services, client = request.services, request.responder.client
        team_id, user_id = request.team_id, request.user_id
        request.after_commit(
            lambda: run_request(services, Responder(client, user_id), team_id=team_id, work=publish_home)
        )


def low_score_alerts(store, answer, *, admins: frozenset[str]) -> list[tuple[str, Reply]]:
    """The DMs a low score sends at once (``salesbot.feedback.low_score_alert``: the rep's managers,
    admins when none, once per answer), each in its reader's language: from Slack (a vote, the
    form) and from the feedback page alike. Claimed in the answer's transaction; send after it."""
    told = feedback.low_score_alert(store, answer, configured_admins=admins)
    if not told:
        return []
    rep = store.person(answer.person_id) if answer.person_id else None
    product = store.product_by_id(answer.product_id) if answer.product_id else None
    sale = store.sale(answer.sale_id) if answer.sale_id else None
    products = {product.id: product.name} if product else {}
    workspace = store.workspace
    messages = []
    for person in told:
        fmt = Formatter(language_of(person, workspace.locale), workspace.currency)
        message = build_low_alert(
            fmt,
            answer,
            rep_user_id=rep.slack_user_id if rep else None,
            product=product.name if product else None,
            sale=sale_label(fmt, sale, products) if sale else None,
            sale_id=sale.id if sale else None,
        )
        messages.append((person.slack_user_id, message))
    return messages


# -- celebrations ------------------------------------------------------------------------------

logger = logging.getLogger(__name__)


def celebrate_after(
    request: Request,
    person_ids: Collection[int] = (),
    days: Collection[date] = (),
    *,
    goal_ids: Collection[int] = (),
) -> None:
    """Once the change is saved: celebrates every goal it took over a threshold (the goals sales
    of ``person_ids`` on ``days`` count towards, or the goals set), claimed once per goal and
    threshold in a transaction of its own."""
    services, client, team_id = request.services, request.responder.client, request.team_id
    people, today, sale_days, goals = list(person_ids), request.today, list(days), list(goal_ids)

    def run() -> None:
        celebrate(services, client, team_id, people, days=sale_days or [today], today=today, goal_ids=goals)

    request.after_commit(run)


def celebrate(
    services,
    client,
    team_id: str,
    person_ids: Collection[int],
    *,
    days: Collection[date],
    today: date,
    goal_ids: Collection[int] = (),
) -> int:
    """Claims and posts the celebrations due; how many were claimed."""
    with services.store(team_id) as store:
        if goal_ids:
            goals = [goal for goal_id in goal_ids if (goal := store.goal(goal_id)) is not None]
        else:
            goals = recognition.goals_touched(store, person_ids, days, today)
        found = recognition.claim_celebrations(store, goals, today=today)
        messages = [message for item in found for message in _celebration_messages(store, item)]
    for channel, reply in messages:
        try:
            client.chat_postMessage(channel=channel, text=reply.text, blocks=reply.blocks)
        except SlackApiError as error:
            logger.warning("celebration not posted in %s (%s)", channel, error.response.get("error"))
    return len(found)


def _celebration_messages(store, item: recognition.Celebration) -> list[tuple[str, Reply]]:
    goal, workspace = item.goal, store.workspace
    found = store.product_by_id(goal.product_id) if goal.product_id else None
    product = found.name if found else None
    person = store.person(goal.person_id) if goal.person_id else None
    team = store.team_by_id(goal.team_id) if goal.team_id else None
    where = recognition.audience(store, goal)
    shared = Formatter(workspace.locale, workspace.currency)
    subject = celebration_subject(shared, goal, person=person, team=team)
    messages = [
        (channel, build_celebration(shared, item, subject=subject, product=product))
        for channel in where.channels
    ]
    for user_id in where.dms:
        reader = store.person_by_slack_id(user_id)
        fmt = Formatter(language_of(reader, workspace.locale), workspace.currency)
        reply = build_congratulation(fmt, item, product=product, team=team, opted_out=where.opted_out)
        messages.append((user_id, reply))
    return messages


def kept_below_notice(request: Request, person_ids: Collection[int], day: date) -> str | None:
    """After a sale is deleted or lost: the celebrations that stand though their goal is now
    below them (they are not celebrated again), for the person who made the change."""
    store, fmt = request.store, request.fmt
    found = recognition.kept_below(store, person_ids, day=day, today=request.today)
    if not found:
        return None
    items = []
    for item in found:
        person = store.person(item.goal.person_id) if item.goal.person_id else None
        team = store.team_by_id(item.goal.team_id) if item.goal.team_id else None
        items.append((item, celebration_subject(fmt, item.goal, person=person, team=team)))
    return kept_below_note(fmt, items)
