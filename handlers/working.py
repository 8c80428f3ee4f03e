"""``/sales working``: what's working (top products, techniques, customer comments, the weakest
stage), shared with everyone in the announcement channel; win stories told from a sale's
*Share what worked* button; the technique list (``/sales working techniques``, admins edit)."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers import channels, ids
from handlers.blocks.common import build_notice, metadata, mrkdwn_escape, read_metadata
from handlers.blocks.sales import sale_fallback
from handlers.blocks.working import (
    build_public_report,
    build_report,
    build_share_modal,
    build_story_modal,
    build_techniques,
    read_share_submission,
    read_story_submission,
)
from handlers.channels import channel_problem
from handlers.forms import submit_form
from handlers.listeners import button
from handlers.replies import answer_change
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot import working
from salesbot.errors import InvalidInput, NotFound
from salesbot.i18n import Formatter
from salesbot.periods import Period

logger = logging.getLogger(__name__)

# Why salesbot cannot post in the announcement channel, as the share form says it.
_CHANNEL_PROBLEMS = {
    channels.NOT_FOUND: "working.channel_not_found",
    channels.ARCHIVED: "working.channel_archived",
    channels.NOT_MEMBER: "working.not_in_channel",
}


def register(app: App) -> None:
    app.action(ids.WORKING_SHARE_STORY)(button(open_story_form))
    app.action(ids.WORKING_SHARE_REPORT)(button(open_share_form))
    app.view(ids.WORKING_STORY_MODAL)(handle_story_submission)
    app.view(ids.WORKING_SHARE_MODAL)(handle_share_submission)


def working_command(request: Request, text: str) -> Reply:
    word, _, rest = text.strip().partition(" ")
    if word.casefold() in working.TECHNIQUE_WORDS:
        return techniques_command(request, rest)
    ask = working.read_working_ask(request.store, text, today=request.today, lang=request.actor.lang)
    return build_report(request.fmt, _report(request, ask.period, ask.team))


def _report(request: Request, period: Period, team, lang: str | None = None) -> working.WorkingReport:
    return working.working_report(
        request.store, request.actor, period=period, team=team, lang=lang or request.actor.lang
    )


# -- the technique list ------------------------------------------------------------------------


def techniques_command(request: Request, text: str) -> Reply:
    store, actor, fmt = request.store, request.actor, request.fmt
    command = working.parse_techniques(text)
    notice = None
    if command.action == "add":
        tech = working.add_technique(store, actor, command.name)
        notice = fmt.t(
            "working.technique_added", name=mrkdwn_escape(working.technique_label(tech, actor.lang))
        )
    elif command.action == "rename":
        tech = working.rename_technique(store, actor, command.name, command.new_name)
        notice = fmt.t(
            "working.technique_renamed", old=mrkdwn_escape(command.name), name=mrkdwn_escape(tech.label)
        )
    elif command.action == "retire":
        label, kept = working.retire_technique(store, actor, command.name)
        key = "working.technique_retired" if kept else "working.technique_deleted"
        notice = fmt.t(key, name=mrkdwn_escape(label))
    listed = working.technique_list(store, include_retired=True)
    return build_techniques(
        fmt,
        [(working.technique_label(tech, actor.lang), tech.active) for tech in listed],
        admin=actor.is_admin,
        notice=notice,
    )


# -- win stories -------------------------------------------------------------------------------


def open_story_form(request: Request) -> Modal:
    value = request.pressed.value
    if not value.isdigit():
        raise NotFound("sale.not_found")
    store, actor = request.store, request.actor
    sale = working.sale_for_story(store, actor, int(value))
    story = store.win_story_for_sale(sale.id)
    techniques = [
        (tech.id, working.technique_label(tech, actor.lang)) for tech in working.technique_list(store)
    ]
    view = build_story_modal(
        request.fmt,
        sale_text=sale_fallback(request.fmt, sale, store.sale_labels([sale])),
        techniques=techniques,
        chosen=store.story_technique_ids(story.id) if story else (),
        note=story.note if story else "",
        editing=story is not None,
        private_metadata=metadata(sale=sale.id, url=request.responder.response_url, ch=request.channel_id),
    )
    return Modal(view)


def handle_story_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    sale_id = read_metadata(body["view"]).get("sale")

    def work(request: Request, values: dict) -> None:
        chosen, note = read_story_submission(values)
        shared = working.share_story(
            request.store, request.actor, int(sale_id or 0), technique_ids=chosen, note=note
        )
        key = "working.story_saved" if shared.created else "working.story_updated"
        answer_change(request, build_notice(request.fmt.t(key), detail=request.fmt.t("working.story_detail")))

    submit_form(ack, body, client, context, work, first_field=working.F_TECHNIQUES)


# -- sharing the report with everyone ----------------------------------------------------------


def _asked_report(request: Request, value: str) -> working.WorkingReport:
    """The report a *Share with everyone* button or form was about, read again for the sharer."""
    period_key, _, team_id = value.partition("|")
    try:
        period = Period.from_key(period_key)
    except ValueError as error:
        raise NotFound("working.report_gone") from error
    team = request.store.team_by_id(int(team_id)) if team_id.isdigit() else None
    if team_id and team is None:
        raise NotFound("working.report_gone")
    return _report(request, period, team, lang=request.store.workspace.locale)


def _announcement_channel(request: Request) -> str:
    channel = request.store.workspace.announcement_channel
    if not channel:
        raise InvalidInput("working.no_announcement_channel", field=working.F_PARTS)
    return channel


def open_share_form(request: Request) -> Modal:
    working.require_may_share(request.actor)
    channel = _announcement_channel(request)
    value = request.pressed.value
    report = _asked_report(request, value)
    view = build_share_modal(
        request.fmt,
        report,
        channel=f"<#{channel}>",
        private_metadata=metadata(
            report=value, channel=channel, url=request.responder.response_url, ch=request.channel_id
        ),
    )
    return Modal(view)


def handle_share_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    value = read_metadata(body["view"]).get("report") or ""
    # Slack is asked before the transaction opens, never while it is held; the channel asked
    # about is the one the form was opened for, checked again as the workspace's below.
    problem_channel = read_metadata(body["view"]).get("channel")
    problem = channel_problem(client, problem_channel) if problem_channel else None

    def work(request: Request, values: dict) -> None:
        working.require_may_share(request.actor)
        channel = _announcement_channel(request)
        if problem in _CHANNEL_PROBLEMS and channel == problem_channel:
            raise InvalidInput(_CHANNEL_PROBLEMS[problem], field=working.F_PARTS, channel=f"<#{channel}>")
        parts = working.read_parts(read_share_submission(values))
        workspace = request.store.workspace
        shared = working.public_report(_asked_report(request, value), parts)
        post = build_public_report(
            Formatter(workspace.locale, workspace.currency), shared, shared_by=request.user_id
        )
        request.store.audit(
            actor_id=request.actor.person_id,
            action="working.shared",
            entity="workspace",
            entity_id=workspace.id,
            parts=list(parts),
            period=shared.period.key,
        )
        _post(request, channel, post)
        answer_change(request, build_notice(request.fmt.t("working.shared", channel=f"<#{channel}>")))

    submit_form(ack, body, client, context, work, first_field=working.F_PARTS)


def _post(request: Request, channel: str, reply: Reply) -> None:
    """The post after the commit; when Slack refuses it, the sharer learns why."""
    responder, sharer, fmt = request.responder, request.user_id, request.fmt

    def post() -> None:
        try:
            responder.post(channel, reply)
        except SlackApiError as error:
            code = error.response.get("error", "")
            logger.warning("what's working in %s failed: %s", channel, code)
            responder.dm(sharer, fmt.t("working.post_failed", channel=f"<#{channel}>", error=code))

    request.after_commit(post)
