"""``/sales goal`` and ``/sales goals``: set and revise goals (typed or in the form), tell the
people affected, list them and their history; the goal buttons and both goal forms."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers import ids
from handlers.blocks.common import mention, mrkdwn_escape
from handlers.blocks.errors import field_error_text
from handlers.blocks.goal_talks import build_goals_told
from handlers.blocks.goals import (
    PERIOD,
    PERIOD_OTHER,
    PERSON,
    PRODUCT,
    REASON_CATEGORY,
    REASON_TEXT,
    SCOPE,
    SELECT_OPTIONS,
    TARGET,
    TEAM,
    GoalForm,
    build_goal_history,
    build_goal_list,
    build_goal_modal,
    build_goal_reply,
    build_needs_reason,
    build_revision_modal,
    coverage_text,
    overlap_text,
    product_suffix,
    read_goal_submission,
    read_revise_button,
    read_revision_submission,
    reason_text,
    subject_text,
    target_text,
)
from handlers.listeners import button, submit_view
from handlers.replies import celebrate_after
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot import goal_talks, goals
from salesbot.access import Role
from salesbot.commands import split_subcommand
from salesbot.errors import FieldErrors, InvalidInput, NotFound
from salesbot.goals import GoalChange, GoalDraft, goal_period
from salesbot.i18n import Formatter
from salesbot.periods import Period, parse_period
from salesbot.records import PersonFinder
from salesbot.teams import teams_to_pick

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.OPEN_GOAL_MODAL)(button(goal_modal))
    app.action(ids.REVISE_GOAL)(button(lambda request: revision_modal(request, request.pressed.value)))
    app.view(ids.GOAL_MODAL)(handle_goal_submission)
    app.view(ids.GOAL_REVISION_MODAL)(handle_revision_submission)


HISTORY_GOALS = 10


def goal_command(request: Request, text: str) -> Reply | Modal | None:
    word, rest = split_subcommand(text)
    if word in goals.LIST_WORDS:
        return list_reply(request, rest)
    if word in goals.HISTORY_WORDS:
        return history_reply(request, rest)
    if not text.strip():
        if request.actor.role is Role.REP:
            return list_reply(request, "", note=request.fmt.t("goal.rep_note"))
        return goal_modal(request)
    return set_from_text(request, text)


def goals_command(request: Request, text: str) -> Reply:
    word, rest = split_subcommand(text)
    if word in goals.HISTORY_WORDS:
        return history_reply(request, rest)
    return list_reply(request, rest if word in goals.LIST_WORDS else text)


def goal_modal(request: Request) -> Modal:
    """The goal form, offering the teams the caller may set goals for and the active products."""
    store, actor = request.store, request.actor
    goals.require_goal_setter(actor)
    teams = [name for _, name in teams_to_pick(store, actor)]
    products = [(product.id, product.name) for product in store.products()]
    view = build_goal_modal(
        request.fmt,
        teams=teams if len(teams) <= SELECT_OPTIONS else None,
        # One option is "all products".
        products=products if len(products) < SELECT_OPTIONS else None,
        periods=goals.period_choices(request.today),
        default_period=goals.default_period(store, request.today),
        can_company=actor.is_admin,
    )
    return Modal(view)


def set_from_text(request: Request, text: str) -> Reply | None:
    store, actor = request.store, request.actor
    goals.require_goal_setter(actor)
    # Products are named without a prefix, so their names are read for every goal set this way.
    parsed = goals.parse_goal_command(
        text,
        lang=actor.lang,
        today=request.today,
        team_names=store.team_names,
        product_names=[product.name for product in store.products()],
        currency=store.workspace.currency,
    )
    change = goals.set_typed_goal(
        store, actor, parsed, today=request.today, find_person=_find_person(request)
    )
    return respond_to_change(request, change)


def _find_person(request: Request) -> PersonFinder:
    return lambda user_id: request.people([user_id])[0]


# -- what the setter is told, and what everyone else is told ---------------------------------------


def respond_to_change(request: Request, change: GoalChange) -> Reply | None:
    """The setter's reply; for a new or revised goal, the people affected are told after the commit."""
    if change.outcome == "duplicate":
        return None
    fmt, goal, product = request.fmt, change.goal, change.product
    words = {
        "subject": subject_text(fmt, change.subject),
        "period": goal_period(goal).label(fmt.lang),
        "product": product_suffix(fmt, product),
        "old": target_text(fmt, goal.metric, change.old_target) if change.old_target is not None else "",
        "new": target_text(fmt, goal.metric, change.new_target),
    }
    if change.outcome == "unchanged":
        return build_goal_reply(fmt, fmt.t("goal.unchanged", target=words["new"], **words), [])
    if change.outcome == "needs_reason":
        return build_needs_reason(fmt, fmt.t("goal.needs_reason", **words), goal.id, change.new_target)
    celebrate_after(request, goal_ids=[goal.id])
    details = []
    if change.outcome == "created":
        headline = fmt.t("goal.created", target=words["new"], **words)
    else:
        headline = fmt.t("goal.revised", **words)
        details.append(
            fmt.t("goal.reason_line", reason=reason_text(fmt, change.reason.category, change.reason.text))
        )
    details += overlap_lines(request, change)
    details += announce(request, change)
    details += coverage_lines(request, change)
    return build_goal_reply(fmt, headline, details)


def coverage_lines(request: Request, change: GoalChange) -> list[str]:
    """How the members' own goals within a team goal add up: after setting the team goal, or
    after setting one of its people's goals that counts towards it."""
    store, fmt, goal = request.store, request.fmt, change.goal
    subject = change.subject
    if subject.scope == "team":
        coverage = goals.team_coverage(store, goal)
        if not coverage.members:
            return []
        if coverage.ratio is None:
            return [
                fmt.t(
                    "goal.coverage_none",
                    team=mrkdwn_escape(subject.team.name),
                    period=coverage.period.label(fmt.lang),
                )
            ]
        return [coverage_text(fmt, coverage, goal.metric)]
    if subject.scope == "person":
        return [
            coverage_text(fmt, coverage, goal.metric, team=mrkdwn_escape(team.name))
            for team, _, coverage in goals.coverage_of_teams(store, subject.person, goal)
        ]
    return []


def overlap_lines(request: Request, change: GoalChange) -> list[str]:
    """The setter is told (not refused) of the subject's other goals that overlap this one."""
    overlapping = goals.overlapping_goals(request.store, change.goal)
    return [overlap_text(request.fmt, change.subject, overlapping)] if overlapping else []


def announce(request: Request, change: GoalChange) -> list[str]:
    """Queue the notices of a new or revised goal (``goal_talks.audience`` says who hears of it
    where); returns lines telling the setter who hears of it.

    Everything is rendered now, inside the transaction; after the commit only Slack is called.
    """
    store, fmt, subject = request.store, request.fmt, change.subject
    workspace = store.workspace
    now, actor = request.services.clock.now(), mention(request.user_id)
    heard = goal_talks.audience(store, subject, setter_id=request.actor.person_id)
    goal_talks.record_told(store, change.goal, heard.told, by_id=request.actor.person_id, now=now)
    if heard.channel:
        shared = Formatter(workspace.locale, workspace.currency)
        notice = build_goals_told(shared, [change], actor, in_channel=True)
        _post_in_channel(request, heard.channel, notice, subject_text(fmt, subject))
        key = "goal.told.team_channel" if subject.scope == "team" else "goal.told.company"
        return [fmt.t(key, channel=heard.channel)]
    by_language: dict[str, Reply] = {}
    messages = []
    for person in heard.dms:
        reader = request.formatter_for(person)
        reply = by_language.get(reader.lang) or by_language.setdefault(
            reader.lang, build_goals_told(reader, [change], actor, in_channel=False)
        )
        messages.append((person.slack_user_id, person.name, reply))
    _send_dms(request, messages)
    if subject.scope == "person":
        return [fmt.t("goal.told.person", user=mention(subject.person.slack_user_id))] if messages else []
    if subject.scope == "team":
        if not messages:
            key = "goal.told.nobody_team_you" if heard.setter_alone else "goal.told.nobody_team"
            return [fmt.t(key, team=mrkdwn_escape(subject.team.name))]
        return [fmt.t("goal.told.team_dm", count=len(messages), team=mrkdwn_escape(subject.team.name))]
    return [fmt.t("goal.told.nobody_company")]


def _send_dms(request: Request, messages: list[tuple[str, str, Reply]]) -> None:
    """DMs after the commit; anyone who could not be reached is named to the setter.

    ``messages`` are (user id, name as stored, reply)."""
    responder, setter, fmt = request.responder, request.user_id, request.fmt

    def send() -> None:
        failed = []
        for user_id, name, reply in messages:
            try:
                responder.dm(user_id, reply)
            except SlackApiError as error:
                logger.warning("goal notice to %s failed: %s", user_id, error.response.get("error"))
                failed.append(name)
        if failed:
            people = ", ".join(mrkdwn_escape(name) for name in failed)
            responder.dm(setter, fmt.t("goal.dm_failed", people=people))

    request.after_commit(send)


def _post_in_channel(request: Request, channel: str, reply: Reply, subject: str) -> None:
    """A channel post after the commit; when salesbot may not post there, the setter learns how to fix it.

    ``subject`` is mrkdwn (``subject_text``)."""
    responder, setter, fmt = request.responder, request.user_id, request.fmt

    def post() -> None:
        try:
            responder.post(channel, reply)
        except SlackApiError as error:
            code = error.response.get("error", "")
            logger.warning("goal notice in %s failed: %s", channel, code)
            if code == "not_in_channel":
                text = fmt.t("goal.post_not_in_channel", subject=subject, channel=channel)
            else:
                text = fmt.t("goal.post_failed", subject=subject, error=code)
            responder.dm(setter, text)

    request.after_commit(post)


# -- lists and history ---------------------------------------------------------------------------


def list_reply(request: Request, text: str, note: str | None = None) -> Reply:
    store, actor = request.store, request.actor
    period = _period(request, text) or goals.default_period(store, request.today)
    listing = goals.list_goals(store, actor, period)
    return build_goal_list(request.fmt, listing, period, note=note, can_set=actor.role is not Role.REP)


def history_reply(request: Request, text: str) -> Reply:
    store, actor = request.store, request.actor
    query = goals.parse_goal_query(text, lang=actor.lang, today=request.today, team_names=store.team_names)
    if not query.has_subject:
        raise InvalidInput("goal.history_subject_missing", example="goal.example")
    subject = goals.find_subject(
        store, _find_person(request), user_id=query.user_id, team_name=query.team_name
    )
    entries = goals.goal_history(store, actor, subject, query.period, goals=HISTORY_GOALS)
    me = store.person(actor.person_id)
    return build_goal_history(
        request.fmt,
        subject,
        entries,
        query.period,
        limit=HISTORY_GOALS,
        tz=me.timezone or store.workspace.timezone,
    )


def _period(request: Request, text: str) -> Period | None:
    text = text.strip()
    return parse_period(text, today=request.today, lang=request.actor.lang) if text else None


# -- the goal buttons and forms -----------------------------------------------------------------


def revision_modal(request: Request, value: str) -> Modal:
    """The revision form with the new target filled in; nothing is written until it is submitted."""
    store = request.store
    goal_id, target = read_revise_button(value)
    goal = store.goal(goal_id)
    if goal is None:
        raise NotFound("goal.gone")
    subject = goals.subject_of(store, goal)
    goals.check_goal_rights(store, request.actor, subject)
    product = store.product_by_id(goal.product_id) if goal.product_id else None
    view = build_revision_modal(request.fmt, goal, subject, product, target)
    return Modal(view)


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
            find_person=_find_person(request),
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
    reply = respond_to_change(request, change)
    if reply is not None:
        request.after_commit(lambda: request.responder.dm(request.user_id, reply), first=True)


def _field_messages(request: Request, refused: FieldErrors, blocks: dict[str, str]) -> dict[str, str]:
    """Each field's error in the reader's words, on the block that field is."""
    fmt = request.fmt
    return {blocks[field]: field_error_text(fmt, error) for field, error in refused.errors.items()}
