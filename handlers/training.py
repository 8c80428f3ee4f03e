"""``/sales train``: the training library (browse, search, add, edit, retire), assignments with
their DM and Done button, a person's own trainings, and the status view."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.common import build_notice, metadata, mrkdwn_escape, read_metadata
from handlers.blocks.training import (
    SELECT_OPTIONS,
    build_assign_modal,
    build_done,
    build_item_modal,
    build_library,
    build_my_trainings,
    build_status,
    build_training_message,
    read_done_value,
    read_page_value,
)
from handlers.forms import submit_form
from handlers.listeners import button
from handlers.replies import answer_change
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot import training
from salesbot.access import Role, require_manager
from salesbot.errors import InvalidInput, NotFound, PermissionDenied
from salesbot.teams import find_team, teams_to_pick

PAGE_ACTION = re.compile(rf"^{re.escape(ids.TRAIN_PAGE)}(:\d+)?$")


def register(app: App) -> None:
    app.action(PAGE_ACTION)(button(show_page, replace=True))
    # From App Home: the library, browsed and searched like `/sales train`.
    app.action(ids.SHOW_TRAINING_LIBRARY)(button(lambda request: train_command(request, "")))
    app.action(ids.TRAIN_ADD)(button(open_add_form))
    app.action(ids.TRAIN_EDIT)(button(open_edit_form))
    app.action(ids.TRAIN_RETIRE)(button(retire_pressed, replace=True))
    app.action(ids.TRAIN_ASSIGN)(button(open_assign_form))
    # From a diagnosis or a coaching plan: the form with the person filled in and an item to pick.
    app.action(ids.TRAIN_ASSIGN_PERSON)(button(open_assign_for_person))
    app.action(ids.TRAIN_DONE)(button(done_pressed, replace=True))
    app.view(ids.TRAIN_ITEM_MODAL)(handle_item_submission)
    app.view(ids.TRAIN_ASSIGN_MODAL)(handle_assign_submission)


def train_command(request: Request, text: str) -> Reply | Modal:
    fmt = request.fmt
    command = training.parse_train(text, today=request.today, lang=request.actor.lang)
    if command.action in (training.LIST, training.SEARCH):
        return library_reply(request, command.words)
    if command.action == training.MINE:
        return mine_reply(request)
    if command.action == training.STATUS:
        person = request.people([command.user_ids[0]])[0] if command.user_ids else None
        view = training.status(
            request.store, request.actor, today=request.today, person=person, team_name=command.team
        )
        return build_status(fmt, view)
    if command.action == training.ADD:
        if command.draft is None:
            return open_add_form(request)
        item = training.add_item(request.store, request.actor, command.draft)
        return library_reply(request, (), notice=fmt.t("training.added", title=mrkdwn_escape(item.title)))
    if command.action == training.EDIT:
        require_manager(request.actor, "train edit")
        return _edit_form(request, training.find_item(request.store, command.title))
    if command.action == training.RETIRE:
        item = training.retire_item(request.store, request.actor, command.title)
        return build_notice(fmt.t("training.retired_notice", title=mrkdwn_escape(item.title)))
    if not command.title:  # "train assign" alone: the library, to pick an item's Assign button
        return library_reply(request, notice=fmt.t("training.pick_to_assign"))
    item = training.find_item(request.store, command.title)
    people = request.people(list(command.user_ids)) if command.user_ids else []
    teams = [find_team(request.store, command.team, example="training.assign_usage")] if command.team else []
    return assigned_reply(
        request, item, people=people, teams=teams, due=command.due, recurrence=command.recurrence
    )


def _products(request: Request) -> dict[int, str]:
    return {product.id: product.name for product in request.store.products(include_retired=True)}


def library_reply(request: Request, words=(), *, page: int = 1, notice: str | None = None) -> Reply:
    shown = training.library_page(request.store, words, page=page)
    return build_library(
        request.fmt,
        shown,
        products=_products(request),
        manager=request.actor.role is not Role.REP,
        notice=notice,
    )


def mine_reply(request: Request, notice: str | None = None) -> Reply:
    mine = training.my_trainings(request.store, request.actor, request.today)
    return build_my_trainings(request.fmt, mine, products=_products(request), notice=notice)


def assigned_reply(request: Request, item, *, people, teams, due, recurrence) -> Reply:
    """Saves the assignment, queues each assignee's DM, and says whom it went to."""
    fmt = request.fmt
    done = training.assign(
        request.store,
        request.actor,
        item,
        people=people,
        teams=teams,
        due=due,
        recurrence=recurrence,
        today=request.today,
        now=request.services.clock.now(),
    )
    products = _products(request)
    found = training.trainings_of(request.store, [p.id for p in done.people], request.today)
    made = {assignment.id for assignment in done.assignments}
    for person in done.people:
        theirs = request.formatter_for(person)
        for open_training in found[person.id].open if person.id in found else []:
            if open_training.assignment.id in made:
                message = build_training_message(
                    theirs, open_training, kind="assigned", products=products, by=request.user_id
                )
                request.notify(person.slack_user_id, message)
                break
    whom = [f"<@{p.slack_user_id}>" for p in people] + [mrkdwn_escape(t.name) for t in teams]
    text = fmt.t(
        "training.assigned",
        title=mrkdwn_escape(item.title),
        whom=", ".join(whom),
        date=fmt.date(due),
        count=fmt.number(len(done.people)),
    )
    every = fmt.plural(f"training.every_{recurrence.unit}", recurrence.every) if recurrence else None
    return build_notice(text, detail=fmt.t("training.assigned_recurring", every=every) if every else None)


# -- buttons ---------------------------------------------------------------------------------------


def _pressed_item(request: Request, *, include_retired: bool = False):
    value = request.pressed.value
    item = request.store.training_item(int(value)) if value.isdigit() else None
    if item is None or not (item.active or include_retired):
        raise NotFound("training.not_found", title=value)
    return item


def show_page(request: Request) -> Reply:
    page, words = read_page_value(request.pressed.value)
    return library_reply(request, words, page=page)


def open_add_form(request: Request) -> Modal:
    require_manager(request.actor, "train add")
    return Modal(
        build_item_modal(
            request.fmt,
            products=[(p.id, p.name) for p in request.store.products()],
            private_metadata=metadata(url=_url(request), ch=request.channel_id),
        )
    )


def open_edit_form(request: Request) -> Modal:
    require_manager(request.actor, "train edit")
    return _edit_form(request, _pressed_item(request))


def _edit_form(request: Request, item) -> Modal:
    products = [(p.id, p.name) for p in request.store.products()]
    if item.product_id and all(pid != item.product_id for pid, _ in products):
        kept = request.store.product_by_id(item.product_id)
        if kept is not None:
            products.insert(0, (kept.id, kept.name))
    return Modal(
        build_item_modal(
            request.fmt,
            products=products,
            item=item,
            private_metadata=metadata(item=item.id, url=_url(request), ch=request.channel_id),
        )
    )


def retire_pressed(request: Request) -> Reply:
    item = _pressed_item(request, include_retired=True)
    training.retire_item(request.store, request.actor, item.title)
    return library_reply(
        request, notice=request.fmt.t("training.retired_notice", title=mrkdwn_escape(item.title))
    )


def open_assign_form(request: Request) -> Modal:
    require_manager(request.actor, "train assign")
    item = _pressed_item(request)
    return Modal(
        build_assign_modal(
            request.fmt,
            item,
            teams=teams_to_pick(request.store, request.actor),
            today=request.today,
            private_metadata=metadata(item=item.id, url=_url(request), ch=request.channel_id),
        )
    )


def open_assign_for_person(request: Request) -> Modal | Reply:
    """Assign training to one person (a diagnosis's, a coaching plan's): their manager or an admin."""
    require_manager(request.actor, "train assign")
    value = request.pressed.value
    person = request.store.person(int(value)) if value.isdigit() else None
    actor = request.actor
    if person is None or person.id == actor.person_id or not actor.may_manage(person.id):
        raise PermissionDenied("training.assign_person_denied")
    items = request.store.training_items(limit=SELECT_OPTIONS)
    if not items:
        return build_notice(request.fmt.t("training.library_empty"))
    return Modal(
        build_assign_modal(
            request.fmt,
            None,
            items=items,
            people=[person.slack_user_id],
            teams=teams_to_pick(request.store, actor),
            today=request.today,
            private_metadata=metadata(url=_url(request), ch=request.channel_id),
        )
    )


def done_pressed(request: Request) -> Reply:
    pressed = read_done_value(request.pressed.value)
    if pressed is None:
        raise NotFound("training.assignment_gone")
    completion = training.complete(request.store, request.actor, *pressed, today=request.today)
    return build_done(request.fmt, completion)


def _url(request: Request) -> str | None:
    return request.responder.response_url


# -- forms -----------------------------------------------------------------------------------------


def handle_item_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    item_id = read_metadata(body["view"]).get("item")

    def work(request: Request, values: dict) -> None:
        product = submitted.choice(values, training.F_PRODUCT)
        draft = training.ItemDraft(
            title=submitted.text(values, training.F_TITLE),
            content=submitted.state(values, training.F_CONTENT).get("value") or "",
            topic=submitted.choice(values, training.F_TOPIC),
            product_id=int(product) if product and product.isdigit() else None,
            minutes=submitted.text(values, training.F_MINUTES),
        )
        fmt = request.fmt
        if item_id:
            item = training.edit_item(request.store, request.actor, int(item_id), draft)
            notice = fmt.t("training.edited", title=mrkdwn_escape(item.title))
        else:
            item = training.add_item(request.store, request.actor, draft)
            notice = fmt.t("training.added", title=mrkdwn_escape(item.title))
        answer_change(request, library_reply(request, notice=notice))

    submit_form(ack, body, client, context, work, first_field=training.F_TITLE)


def handle_assign_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    item_id = read_metadata(body["view"]).get("item")

    def work(request: Request, values: dict) -> None:
        picked = item_id or submitted.choice(values, training.F_ITEM)
        if not picked:
            raise InvalidInput("training.item_missing", field=training.F_ITEM)
        item = request.store.training_item(int(picked))
        if item is None:
            raise NotFound("training.not_found", title=str(picked))
        user_ids = submitted.state(values, training.F_PEOPLE).get("selected_users") or []
        team_id = submitted.choice(values, training.F_TEAM)
        team = request.store.team_by_id(int(team_id)) if team_id and team_id.isdigit() else None
        due = submitted.day(values, training.F_DUE)
        if due is None:
            raise InvalidInput("training.due_missing", field=training.F_DUE)
        recurrence = training.read_recurrence(
            submitted.text(values, training.F_EVERY), submitted.choice(values, training.F_UNIT)
        )
        people = request.people(list(user_ids)) if user_ids else []
        reply = assigned_reply(
            request, item, people=people, teams=[team] if team else [], due=due, recurrence=recurrence
        )
        answer_change(request, reply)

    submit_form(ack, body, client, context, work, first_field=training.F_PEOPLE)
