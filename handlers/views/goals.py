"""The goal form and the revision form (view_submission)."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks.goals import (
    PERIOD,
    PERIOD_OTHER,
    PERSON,
    PRODUCT,
    REASON_CATEGORY,
    REASON_TEXT,
    SCOPE,
    TARGET,
    TEAM,
    GoalForm,
    read_goal_submission,
    read_revision_submission,
    target_text,
)
from handlers.commands.goals import resolve_subject, respond_to_change
from handlers.listeners import submit_view
from handlers.runtime import Reply, Request
from salesbot import goals
from salesbot.amounts import parse_amount
from salesbot.errors import NotFound, UserError
from salesbot.goals import GoalChange, GoalSpec
from salesbot.i18n import t
from salesbot.periods import Period
from salesbot.products import find_product


def register(app: App) -> None:
    app.view(ids.GOAL_MODAL)(handle_goal_submission)
    app.view(ids.GOAL_REVISION_MODAL)(handle_revision_submission)


def handle_goal_submission(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext) -> None:

    form = read_goal_submission(view["state"]["values"])
    request_key = f"goal-modal:{view['id']}"
    submit_view(
        ack,
        body,
        client,
        context,
        lambda request: save_goal_form(request, form, request_key),
        first_field=SCOPE,
    )


def handle_revision_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:

    goal_id, target, category, text = read_revision_submission(view)
    request_key = f"goal-revision:{view['id']}"

    def save(request: Request) -> dict[str, str] | None:
        store, actor = request.store, request.actor
        goal = store.goal(goal_id)
        if goal is None:
            raise NotFound("goal.gone")
        errors: dict[str, str] = {}
        amount = _field(
            errors,
            TARGET,
            actor.lang,
            lambda: _target(target, goal.metric, actor.lang, request.store.workspace.currency),
        )
        reason = _field(errors, REASON_TEXT, actor.lang, lambda: goals.make_reason(category or "other", text))
        if errors:
            return errors
        change = goals.revise_goal(store, actor, goal, amount, reason, request_key=request_key)
        product = store.product_by_id(goal.product_id) if goal.product_id else None
        _confirm(request, change, product)
        return None

    submit_view(ack, body, client, context, save, first_field=TARGET)


def save_goal_form(request: Request, form: GoalForm, request_key: str) -> dict[str, str] | None:
    """Field errors (nothing saved), or None once the goal is set, revised or found unchanged."""
    store, actor, today = request.store, request.actor, request.today
    lang = actor.lang
    goals.require_goal_setter(actor)
    errors: dict[str, str] = {}
    # Only the field the scope needs is read: a select once chosen can't be cleared in Slack.
    if form.scope == "person" and not form.user_id:
        errors[PERSON] = t(lang, "goal.field.person_missing")
    if form.scope == "team" and not form.team_name:
        errors[TEAM] = t(lang, "goal.field.team_missing")
    target = _field(
        errors,
        TARGET,
        lang,
        lambda: _target(form.target, form.metric, lang, request.store.workspace.currency),
    )
    if form.period_text:
        period = _field(
            errors,
            PERIOD_OTHER,
            lang,
            lambda: goals.read_goal_period(form.period_text, today=today, lang=lang),
        )
    else:
        period = Period.from_key(form.period_key) if form.period_key else goals.default_period(store, today)
        # A form left open past the end of the month it offered.
        _field(errors, PERIOD, lang, lambda: goals.require_open_period(period, today=today, lang=lang))
    product = _field(errors, PRODUCT, lang, lambda: _product(store, form))
    reason = _field(
        errors, REASON_TEXT, lang, lambda: goals.make_reason(form.reason_category, form.reason_text)
    )
    if errors:
        return errors
    subject_field = {"person": PERSON, "team": TEAM}.get(form.scope, SCOPE)
    subject = _field(
        errors,
        subject_field,
        lang,
        lambda: resolve_subject(
            request,
            form.user_id if form.scope == "person" else None,
            form.team_name if form.scope == "team" else None,
            form.scope == "company",
        ),
    )
    if subject is not None:
        _field(errors, subject_field, lang, lambda: goals.check_goal_rights(store, actor, subject))
    if errors:
        return errors
    spec = GoalSpec(subject=subject, metric=form.metric, target=target, period=period, product=product)
    change = goals.set_goal(store, actor, spec, reason=reason, request_key=request_key)
    if change.outcome == "needs_reason":
        fmt = request.fmt
        return {
            REASON_CATEGORY: t(
                lang,
                "goal.field.reason_needed",
                old=target_text(fmt, spec.metric, change.old_target),
                new=target_text(fmt, spec.metric, change.new_target),
            )
        }
    _confirm(request, change, product)
    return None


def _confirm(request: Request, change: GoalChange, product) -> None:
    """A modal has no reply: the setter reads the outcome in a DM, before the others are told."""
    reply: Reply | None = respond_to_change(request, change, product)
    if reply is None:
        return
    client, user_id = request.client, request.user_id
    request.after_commit.insert(
        0, lambda: client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks)
    )


def _product(store, form: GoalForm):
    """The chosen product (None for all): picked by id, or typed by name."""
    if form.product_name:
        return find_product(store, form.product_name)
    if form.product_id is not None:
        product = store.product_by_id(form.product_id)
        if product is None or not product.active:  # retired since the form was opened
            raise NotFound("product.not_found", name=product.name if product else str(form.product_id))
        return product
    return None


def _target(text: str, metric: str, lang: str, currency: str):
    amount = parse_amount(text, lang, currency=currency)
    goals.check_target(metric, amount)
    return amount


def _field(errors: dict[str, str], block_id: str, lang: str, read):
    """``read()``'s value, or None with its error put on ``block_id``."""
    try:
        return read()
    except UserError as error:
        errors.setdefault(block_id, t(lang, error.key, **error.params))
        return None
