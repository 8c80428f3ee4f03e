"""Digests in Block Kit: the digest message itself, the schedule list, and the schedule modals.

A digest fits one message for any team size: a section per goal (a handful), one per list
(leaderboard, people who reached their goal, deliveries, lost deals), every list summarised
with "+N more" at whole lines or names, and a link to the App Home for the rest.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    ContextBlock,
    ConversationSelectElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
)

from handlers.blocks import submitted
from handlers.blocks.choices import timezone_select
from handlers.blocks.common import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    HEADER_TEXT,
    OPTION_TEXT,
    SECTION_TEXT,
    as_dicts,
    build_form,
    clip,
    join_within,
    mention,
    mrkdwn_escape,
)
from handlers.blocks.diagnosis import digest_diagnose_button
from handlers.blocks.progress import MEDALS, goal_text, precise_percent, status_counts
from handlers.blocks.sales import days_text
from handlers.ids import (
    DIGEST_DELETE,
    DIGEST_EDIT,
    DIGEST_MODAL,
    DIGEST_PAGE,
    DIGEST_PAUSE,
    DIGEST_RESUME,
    DIGEST_RUN_NOW,
    OPEN_DIGEST_MODAL,
    PERSONAL_DIGEST_MODAL,
)
from handlers.respond import Reply
from salesbot.cadences import CADENCES, PERIOD_KINDS
from salesbot.digest_schedules import ScheduleSpec, weekday_name
from salesbot.digests import LATER_SECTIONS, TOP_SIZES, Digest, offered_sections
from salesbot.i18n import Formatter
from salesbot.progress import BEHIND

# Modal inputs: block id and action id are the same word.
DIGEST_CHANNEL = "digest_channel"
DIGEST_SCOPE = "digest_scope"
DIGEST_CADENCE = "digest_cadence"
DIGEST_WEEKDAY = "digest_weekday"
DIGEST_DAY = "digest_day"
DIGEST_PERIOD = "digest_period"
DIGEST_TIME = "digest_time"
DIGEST_TIMEZONE = "digest_timezone"
DIGEST_SECTIONS = "digest_sections"
DIGEST_TOP_N = "digest_top_n"
# ScheduleSpec field errors (salesbot.digest_schedules.spec_errors) → the input showing them.
FIELD_BLOCKS = {
    "channel": DIGEST_CHANNEL,
    "scope": DIGEST_SCOPE,
    "cadence": DIGEST_CADENCE,
    "weekday": DIGEST_WEEKDAY,
    "day": DIGEST_DAY,
    "period": DIGEST_PERIOD,
    "time": DIGEST_TIME,
    "timezone": DIGEST_TIMEZONE,
    "sections": DIGEST_SECTIONS,
    "top_n": DIGEST_TOP_N,
}
DEFAULT_PERIOD = "default"
PERSONAL_CADENCES = ("daily", "weekdays", "weekly")

# A digest shows this many goals of its subject; the rest are counted and in the App Home.
DIGEST_GOALS = 6
# Schedules per page of the list: a section and an actions block each, inside 50 blocks.
LIST_PAGE = 20


def home_url(team_id: str, app_id: str | None) -> str | None:
    return f"slack://app?team={team_id}&id={app_id}&tab=home" if app_id else None


def fit_lines(lines: Sequence[str], limit: int, more: str) -> str:
    """Whole lines within ``limit`` characters; the rest counted by ``more`` (a format with {count})."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    shown: list[str] = []
    for index, line in enumerate(lines):
        if len("\n".join([*shown, line, more.format(count=len(lines) - index - 1)])) > limit:
            return "\n".join([*shown, more.format(count=len(lines) - index)])
        shown.append(line)
    return text


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])


# -- the digest ------------------------------------------------------------------------------------


def digest_title(fmt: Formatter, digest: Digest) -> str:
    """The digest's title, plain (a header): escaped where it goes into mrkdwn."""
    subject = digest.subject
    if subject.scope == "team":
        return fmt.t("digest.title.team", team=subject.team.name)
    return fmt.t(f"digest.title.{subject.scope}")


def build_digest_message(fmt: Formatter, digest: Digest, *, footer: str, link: str | None) -> Reply:
    """The digest as one message: header, a section per part, the App Home link and the footer."""
    period = digest.period.label(fmt.lang)
    title = digest_title(fmt, digest)
    blocks: list = [
        HeaderBlock(text=clip(title, HEADER_TEXT)),
        _context(fmt.t("digest.context", day=fmt.date(digest.day, "full"), period=period)),
    ]
    fallback = [mrkdwn_escape(title)]
    more = fmt.t("list.more", count="{count}")
    subject = digest.subject
    if digest.shows("progress"):
        label = _subject_label(fmt, digest)
        if not digest.goals:
            text = (
                fmt.t("digest.no_goal_person")
                if subject.scope == "person"
                else fmt.t("digest.no_goal", subject=label)
            )
            blocks.append(_section(fmt.t("digest.heading.progress") + "\n" + text))
            fallback.append(text)
        for index, item in enumerate(digest.goals[:DIGEST_GOALS]):
            text = goal_text(fmt, item, subject=label, today=digest.day)
            heading = fmt.t("digest.heading.progress") + "\n" if index == 0 else ""
            blocks.append(_section(heading + text))
            fallback.append(text.splitlines()[0])
        if len(digest.goals) > DIGEST_GOALS:
            blocks.append(_context(more.format(count=len(digest.goals) - DIGEST_GOALS)))
        if subject.scope != "person" and digest.status_counts:
            counts = " · ".join(status_counts(fmt, digest.status_counts))
            pace = fmt.t("digest.people_pace", counts=counts)
            if any(digest.status_counts.get(status) for status in BEHIND):
                # Diagnose: the presser's own people behind, privately (the channel sees counts only)
                button = digest_diagnose_button(fmt, subject.scope, subject.id, digest.period)
                blocks.append(SectionBlock(text=MarkdownTextObject(text=pace), accessory=button))
            else:
                blocks.append(_context(pace))
    if digest.shows("leaderboard"):
        text = _leaderboard_text(fmt, digest, period, more)
        blocks.append(_section(text))
        fallback.append(text)
    if digest.shows("reached"):
        heading = fmt.t("digest.heading.reached")
        if digest.reached:
            intro = fmt.plural("digest.reached_count", len(digest.reached))
            names = join_within(
                [mrkdwn_escape(n) for n in digest.reached], SECTION_TEXT - len(heading) - len(intro) - 4, more
            )
            text = f"{heading}\n{intro} {names}"
        else:
            text = f"{heading}\n" + fmt.t("digest.reached_none", period=period)
        blocks.append(_section(text))
        fallback.append(text)
    if digest.shows("delays") and digest.delays is not None:
        text = (
            fmt.t("digest.heading.delays", period=period)
            + "\n"
            + "\n".join(_delay_lines(fmt, digest, period))
        )
        blocks.append(_section(text))
        fallback.append(text)
    if digest.shows("lost"):
        lines = [
            fmt.t(
                "digest.lost_line",
                reason=fmt.t(f"sale.lost_reason.{row.reason}"),
                count=fmt.number(row.deals),
                amount=fmt.money(row.amount),
            )
            for row in digest.lost
        ] or [fmt.t("digest.lost_none", period=period)]
        text = fmt.t("digest.heading.lost", period=period) + "\n" + " · ".join(lines)
        blocks.append(_section(text))
        fallback.append(text)
    for key in LATER_SECTIONS:
        extra = digest.extras.get(key)
        if extra is not None:
            heading = f"*{fmt.t(f'digest.section.{key}')}*"
            blocks.append(
                _section(heading + "\n" + fit_lines(extra.lines, SECTION_TEXT - len(heading) - 1, more))
            )
            fallback.append(heading)
    blocks.append(DividerBlock())
    home = fmt.t("digest.home_link", url=link) if link else fmt.t("digest.home_hint")
    blocks.append(_context(f"{home}\n{footer}"))
    return Reply(text=clip("\n".join(fallback), 3000), blocks=as_dicts(blocks))


def _subject_label(fmt: Formatter, digest: Digest) -> str:
    if digest.subject.scope == "company":
        return fmt.t("progress.subject.company")
    if digest.subject.scope == "team":
        return fmt.t("progress.subject.team", name=mrkdwn_escape(digest.subject.team.name))
    return fmt.t("progress.subject.you")


def _leaderboard_text(fmt: Formatter, digest: Digest, period: str, more: str) -> str:
    if digest.subject.scope == "person":
        heading = fmt.t("digest.heading.own_rank", period=period)
        own = digest.own
        if own is None:
            return heading + "\n" + fmt.t("leaderboard.not_ranked", period=period)
        return (
            heading
            + "\n"
            + fmt.t(
                "digest.own_rank",
                rank=own.rank,
                count=fmt.number(digest.ranked),
                attainment=precise_percent(fmt, own.attainment),
                actual=fmt.money(own.actual),
                target=fmt.money(own.target),
            )
        )
    heading = fmt.t("digest.heading.leaderboard", period=period)
    if not digest.top:
        return heading + "\n" + fmt.t("leaderboard.empty", period=period)
    lines = [
        fmt.t(
            "leaderboard.line",
            medal=MEDALS.get(standing.rank, ""),
            rank=standing.rank,
            who=mrkdwn_escape(standing.person.name),  # names, not mentions: a digest should not ping anyone
            attainment=precise_percent(fmt, standing.attainment),
            actual=fmt.money(standing.actual),
            target=fmt.money(standing.target),
        ).strip()
        for standing in digest.top
    ]
    tail = fmt.t("digest.ranked_more", count=fmt.number(digest.ranked)) if digest.ranked > len(lines) else ""
    body = fit_lines(lines, SECTION_TEXT - len(heading) - len(tail) - 2, more)
    return "\n".join(part for part in (heading, body, tail) if part)


def _delay_lines(fmt: Formatter, digest: Digest, period: str) -> list[str]:
    figures = digest.delays
    if not figures.orders:
        return [fmt.t("digest.delays_none", period=period)]
    if not figures.delivered:
        lines = [fmt.plural("digest.delays_none_delivered", figures.orders)]
    elif figures.delivered_late:
        # One late order's delay is whole days ("3 days"); an average has a decimal ("2.5").
        days = (
            days_text(fmt, round(figures.average_days_late))
            if figures.delivered == 1
            else fmt.number(figures.average_days_late, 1)
        )
        lines = [
            fmt.plural(
                "digest.delays_late",
                figures.delivered,
                late=fmt.number(figures.delivered_late),
                days=days,
            )
        ]
    else:
        lines = [fmt.plural("digest.delays_on_time", figures.delivered)]
    if figures.overdue:
        lines.append(fmt.plural("digest.overdue", figures.overdue))
    else:
        lines.append(fmt.t("digest.overdue_none"))
    return lines


# -- the schedule list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    """One schedule as the list shows it, its texts already in the reader's words: ``scope`` plain
    (it holds a team's name; the list escapes it), the others mrkdwn."""

    schedule_id: int
    channel_id: str
    scope: str
    cadence: str
    sections: str
    paused: bool
    next_when: str | None
    last: str | None
    owner_user_id: str | None


def _button(
    text: str, action_id: str, value: str, *, style: str | None = None, confirm=None
) -> ButtonElement:
    return ButtonElement(
        text=clip(text, BUTTON_TEXT), action_id=action_id, value=value, style=style, confirm=confirm
    )


def build_schedule_list(
    fmt: Formatter, rows: Sequence[ScheduleRow], *, page: int = 1, personal_count: int = 0
) -> Reply:
    title = fmt.t("digest.list_title", count=fmt.number(len(rows)))
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if not rows:
        blocks.append(_section(fmt.t("digest.list_empty")))
    pages = max((len(rows) + LIST_PAGE - 1) // LIST_PAGE, 1)
    page = min(max(page, 1), pages)
    shown = rows[(page - 1) * LIST_PAGE : page * LIST_PAGE]
    for row in shown:
        lines = [
            fmt.t(
                "digest.entry",
                channel=f"<#{row.channel_id}>",
                scope=mrkdwn_escape(row.scope),
                cadence=row.cadence,
                sections=row.sections,
            )
        ]
        status = []
        if row.paused:
            status.append(fmt.t("digest.entry_paused"))
        elif row.next_when:
            status.append(fmt.t("digest.entry_next", when=row.next_when))
        if row.last:
            status.append(fmt.t("digest.entry_last", last=row.last))
        if row.owner_user_id:
            status.append(fmt.t("digest.entry_owner", owner=mention(row.owner_user_id)))
        lines.append(" · ".join(status))
        blocks.append(_section("\n".join(lines)))
        value = str(row.schedule_id)
        toggle = (
            _button(fmt.t("digest.button.resume"), DIGEST_RESUME, value, style="primary")
            if row.paused
            else _button(fmt.t("digest.button.pause"), DIGEST_PAUSE, value)
        )
        confirm = ConfirmObject(
            title=clip(fmt.t("digest.confirm_delete_title"), 100),
            text=fmt.t("digest.confirm_delete", channel=f"<#{row.channel_id}>"),
            confirm=fmt.t("digest.confirm_delete_yes"),
            deny=fmt.t("modal.cancel"),
            style="danger",
        )
        blocks.append(
            ActionsBlock(
                block_id=f"digest_{row.schedule_id}",
                elements=[
                    toggle,
                    _button(fmt.t("digest.button.edit"), DIGEST_EDIT, value),
                    _button(fmt.t("digest.button.run_now"), DIGEST_RUN_NOW, value),
                    _button(
                        fmt.t("digest.button.delete"), DIGEST_DELETE, value, style="danger", confirm=confirm
                    ),
                ],
            )
        )
    notes = []
    if pages > 1:
        notes.append(fmt.t("digest.list_more", shown=fmt.number(len(shown)), count=fmt.number(len(rows))))
    if personal_count:
        notes.append(fmt.plural("digest.personal_count", personal_count))
    if notes:
        blocks.append(_context(" ".join(notes)))
    buttons = [_button(fmt.t("digest.button.new"), OPEN_DIGEST_MODAL, "new", style="primary")]
    if pages > 1:
        buttons.append(_button(fmt.t("digest.button.more"), DIGEST_PAGE, str(page % pages + 1)))
    blocks.append(ActionsBlock(block_id="digest_list", elements=buttons))
    fallback = [title] + [f"#{r.channel_id} · {mrkdwn_escape(r.scope)} · {r.cadence}" for r in rows]
    return Reply(text=clip("\n".join(fallback), 3000), blocks=as_dicts(blocks))


def build_personal_reply(
    fmt: Formatter, text: str, schedule_id: int | None, *, hint: str | None = None
) -> Reply:
    """A note about the reader's own digest, with its buttons while they have one."""
    blocks: list = [_section(text)]
    if hint:
        blocks.append(_context(hint))
    if schedule_id is not None:
        value = str(schedule_id)
        blocks.append(
            ActionsBlock(
                block_id="digest_personal",
                elements=[
                    _button(fmt.t("digest.button.run_now"), DIGEST_RUN_NOW, value),
                    _button(fmt.t("digest.button.edit"), DIGEST_EDIT, value),
                    _button(fmt.t("digest.button.unsubscribe"), DIGEST_DELETE, value, style="danger"),
                ],
            )
        )
    return Reply(text=text, blocks=as_dicts(blocks))


# -- the modals ------------------------------------------------------------------------------------


def _option(label: str, value: str) -> Option:
    return Option(text=clip(label, OPTION_TEXT), value=value)


def _select(
    fmt: Formatter, block_id: str, options: list[Option], initial: str | None, *, hint: str | None = None
):
    initial_option = next((o for o in options if o.value == initial), None)
    return InputBlock(
        block_id=block_id,
        label=fmt.t(f"digest.field.{block_id.removeprefix('digest_')}"),
        hint=hint,
        element=StaticSelectElement(action_id=block_id, options=options, initial_option=initial_option),
    )


@dataclass(frozen=True)
class ModalDefaults:
    """What the schedule modal starts from: an existing schedule's values, or sensible defaults."""

    schedule_id: int | None = None
    channel_id: str | None = None
    scope: str = "company"
    team_id: int | None = None
    cadence: str = "weekdays"
    weekday: int = 0
    day: int = 1
    period_kind: str | None = None
    at: str = "09:00"
    timezone: str = "UTC"
    sections: tuple[str, ...] | None = None  # None: every section offered
    top_n: int = 5


def build_schedule_modal(
    fmt: Formatter, defaults: ModalDefaults, *, teams: Sequence[tuple[int, str]], default_period_kind: str
) -> dict:
    """``teams``: (id, name) of the teams the reader may schedule digests for."""
    scopes = [_option(fmt.t("digest.scope.company"), "company")] + [
        _option(fmt.t("digest.scope.team", team=name), f"team:{team_id}") for team_id, name in teams[:99]
    ]
    scope = "company" if defaults.scope != "team" else f"team:{defaults.team_id}"
    cadences = [_option(fmt.t(f"digest.option.{kind}"), kind) for kind in CADENCES]
    weekdays = [_option(weekday_name(fmt.lang, day).capitalize(), str(day)) for day in range(7)]
    days = [_option(str(day), str(day)) for day in range(1, 32)]
    periods = [
        _option(
            fmt.t("digest.period_default", period=fmt.t(f"period.kind.{default_period_kind}")), DEFAULT_PERIOD
        )
    ] + [_option(fmt.t(f"digest.period.{kind}"), kind) for kind in PERIOD_KINDS]
    offered = offered_sections()
    sections = [_option(fmt.t(f"digest.section.{key}"), key) for key in offered]
    chosen = offered if defaults.sections is None else defaults.sections
    later = [fmt.t(f"digest.section.{key}") for key in LATER_SECTIONS if key in offered]
    tops = [_option(fmt.t("digest.option.top", count=size), str(size)) for size in TOP_SIZES]
    blocks = [
        InputBlock(
            block_id=DIGEST_CHANNEL,
            label=fmt.t("digest.field.channel"),
            hint=fmt.t("digest.hint.channel"),
            element=ConversationSelectElement(
                action_id=DIGEST_CHANNEL,
                initial_conversation=defaults.channel_id,
                filter={"include": ["public", "private"], "exclude_bot_users": True},
            ),
        ),
        _select(fmt, DIGEST_SCOPE, scopes, scope),
        _select(fmt, DIGEST_CADENCE, cadences, defaults.cadence),
        _select(fmt, DIGEST_WEEKDAY, weekdays, str(defaults.weekday), hint=fmt.t("digest.hint.weekday")),
        _select(fmt, DIGEST_DAY, days, str(defaults.day), hint=fmt.t("digest.hint.day")),
        _select(
            fmt,
            DIGEST_PERIOD,
            periods,
            defaults.period_kind or DEFAULT_PERIOD,
            hint=fmt.t("digest.hint.period"),
        ),
        InputBlock(
            block_id=DIGEST_TIME,
            label=fmt.t("digest.field.time"),
            element=TimePickerElement(action_id=DIGEST_TIME, initial_time=defaults.at),
        ),
        InputBlock(
            block_id=DIGEST_TIMEZONE,
            label=fmt.t("digest.field.timezone"),
            element=timezone_select(fmt, DIGEST_TIMEZONE, defaults.timezone),
        ),
        InputBlock(
            block_id=DIGEST_SECTIONS,
            label=fmt.t("digest.field.sections"),
            hint=fmt.t("digest.hint.sections", sections=", ".join(later)) if later else None,
            element=CheckboxesElement(
                action_id=DIGEST_SECTIONS,
                options=sections,
                initial_options=[o for o in sections if o.value in chosen] or None,
            ),
        ),
        _select(fmt, DIGEST_TOP_N, tops, str(defaults.top_n)),
    ]
    title = "digest.modal_edit" if defaults.schedule_id else "digest.modal_new"
    return build_form(
        fmt,
        callback_id=DIGEST_MODAL,
        title=fmt.t(title),
        private_metadata=json.dumps({"id": defaults.schedule_id}),
        blocks=blocks,
    )


def _picked(values: dict, block_id: str):
    """A select's option, a conversation or a time: whichever the block's element holds."""
    state = submitted.state(values, block_id)
    return (
        submitted.choice(values, block_id) or state.get("selected_conversation") or state.get("selected_time")
    )


def _number(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def schedule_id_of(view: dict) -> int | None:
    try:
        return json.loads(view.get("private_metadata") or "{}").get("id")
    except ValueError:
        return None


def read_schedule_submission(values: dict) -> ScheduleSpec:
    scope = _picked(values, DIGEST_SCOPE) or ""
    team_id = _number(scope.removeprefix("team:")) if scope.startswith("team:") else None
    period = _picked(values, DIGEST_PERIOD)
    checked = values.get(DIGEST_SECTIONS, {}).get(DIGEST_SECTIONS, {}).get("selected_options") or []
    return ScheduleSpec(
        channel_id=_picked(values, DIGEST_CHANNEL),
        scope="team" if scope.startswith("team:") else scope,
        team_id=team_id,
        cadence=_picked(values, DIGEST_CADENCE) or "",
        weekday=_number(_picked(values, DIGEST_WEEKDAY)),
        day=_number(_picked(values, DIGEST_DAY)),
        period_kind=None if period in (None, DEFAULT_PERIOD) else period,
        at=_picked(values, DIGEST_TIME) or "",
        timezone=_picked(values, DIGEST_TIMEZONE) or "",
        sections=tuple(option["value"] for option in checked),
        top_n=_number(_picked(values, DIGEST_TOP_N)) or 0,
    )


def build_personal_modal(
    fmt: Formatter, *, schedule_id: int, cadence: str, weekday: int | None, at: str, timezone: str
) -> dict:
    cadences = [_option(fmt.t(f"digest.option.{kind}"), kind) for kind in PERSONAL_CADENCES]
    weekdays = [_option(weekday_name(fmt.lang, day).capitalize(), str(day)) for day in range(7)]
    return build_form(
        fmt,
        callback_id=PERSONAL_DIGEST_MODAL,
        title=fmt.t("digest.modal_personal"),
        private_metadata=json.dumps({"id": schedule_id}),
        blocks=[
            _select(fmt, DIGEST_CADENCE, cadences, cadence if cadence in PERSONAL_CADENCES else "weekdays"),
            _select(fmt, DIGEST_WEEKDAY, weekdays, str(weekday or 0), hint=fmt.t("digest.hint.weekday")),
            InputBlock(
                block_id=DIGEST_TIME,
                label=fmt.t("digest.field.time"),
                hint=fmt.t("digest.hint.personal_time", timezone=timezone),
                element=TimePickerElement(action_id=DIGEST_TIME, initial_time=at),
            ),
        ],
    )


def read_personal_submission(values: dict) -> tuple[str, int | None, str]:
    return (
        _picked(values, DIGEST_CADENCE) or "",
        _number(_picked(values, DIGEST_WEEKDAY)),
        _picked(values, DIGEST_TIME) or "",
    )
