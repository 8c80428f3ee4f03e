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
from handlers.commands.goals import respond_to_change
from handlers.listeners import submit_view
from handlers.runtime import Reply, Request
from salesbot import goals
from salesbot.errors import FieldErrors
from salesbot.goals import GoalChange, GoalDraft
from salesbot.i18n import t
from salesbot.periods import Period


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
        try:
            change = goals.save_revision(
                request.store,
                request.actor,
                goal_id,
                target=target,
                reason_category=category,
                reason_text=text,
                request_key=request_key,
            )
        except FieldErrors as refused:
            return _field_messages(request, refused, {goals.F_TARGET: TARGET, goals.F_REASON: REASON_TEXT})
        _confirm(request, change)
        return None

    submit_view(ack, body, client, context, save, first_field=TARGET)


def save_goal_form(request: Request, form: GoalForm, request_key: str) -> dict[str, str] | None:
    """Field errors (nothing saved), or None once the goal is set, revised or found unchanged."""
    draft = GoalDraft(
        scope=form.scope,
        metric=form.metric,
        target=form.target,
        user_id=form.user_id,
        team_name=form.team_name,
        period=Period.from_key(form.period_key) if form.period_key else None,
        period_text=form.period_text,
        product_id=form.product_id,
        product_name=form.product_name,
        reason_category=form.reason_category,
        reason_text=form.reason_text,
    )
    try:
        change = goals.save_goal_draft(
            request.store,
            request.actor,
            draft,
            today=request.today,
            find_person=lambda user_id: request.people([user_id])[0],
            request_key=request_key,
        )
    except FieldErrors as refused:
        blocks = {
            goals.F_SCOPE: SCOPE,
            goals.F_PERSON: PERSON,
            goals.F_TEAM: TEAM,
            goals.F_TARGET: TARGET,
            goals.F_PERIOD: PERIOD_OTHER if form.period_text else PERIOD,
            goals.F_PRODUCT: PRODUCT,
            goals.F_REASON: REASON_TEXT,
        }
        return _field_messages(request, refused, blocks)
    if change.outcome == "needs_reason":
        fmt = request.fmt
        return {
            REASON_CATEGORY: fmt.t(
                "goal.field.reason_needed",
                old=target_text(fmt, change.goal.metric, change.old_target),
                new=target_text(fmt, change.goal.metric, change.new_target),
            )
        }
    _confirm(request, change)
    return None


def _confirm(request: Request, change: GoalChange) -> None:
    """A modal has no reply: the setter reads the outcome in a DM, before the others are told."""
    reply: Reply | None = respond_to_change(request, change)
    if reply is None:
        return
    client, user_id = request.client, request.user_id
    request.after_commit.insert(
        0, lambda: client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks)
    )


def _field_messages(request: Request, refused: FieldErrors, blocks: dict[str, str]) -> dict[str, str]:
    """Each field's error in the reader's words, on the block that field is."""
    lang = request.actor.lang
    return {blocks[field]: t(lang, error.key, **error.params) for field, error in refused.errors.items()}
