"""Goals discussed with staff in Block Kit: the Acknowledge and Discuss buttons under a goal's
notice, the Discuss, Keep the goal and Schedule a talk forms, the opening of each side's thread
and what is said in it, talk reminders, a discussion read whole, the overview of who has not
acknowledged, and App Home's part."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    TimePickerElement,
)

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.common import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    OPTION_TEXT,
    SECTION_TEXT,
    as_dicts,
    build_form,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.blocks.goals import (
    build_goal_notice,
    goal_notice_item,
    product_suffix,
    subject_text,
    target_text,
)
from handlers.respond import Reply
from salesbot.goal_talks import (
    COMMENT_MAX,
    CONCERNS,
    NOTE_MAX,
    AwaitingGoal,
    DiscussionView,
    Unacknowledged,
)
from salesbot.goals import GoalChange, Subject, goal_period
from salesbot.i18n import Formatter

# Input blocks of the forms: block id and action id are the same word.
CONCERN, COMMENT, NOTE, TALK_DAY, TALK_TIME = (
    "talk_concern",
    "talk_comment",
    "talk_note",
    "talk_day",
    "talk_time",
)
# What App Home shows of each list; the rest are counted, with where to see them all.
HOME_ITEMS = 5
# The reader's own goals to acknowledge in one /sales acks (as many as an import's notice lists).
MINE_SHOWN, MINE_SHOWN_MANAGING = 20, 8
# A whole discussion's replies shown (the latest).
SHOWN_MESSAGES = 30


def _section(text: str, accessory=None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)), accessory=accessory)


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])


def _button(fmt: Formatter, key: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=clip(fmt.t(key), BUTTON_TEXT), action_id=action_id, value=value, style=style)


def goal_label(fmt: Formatter, goal, subject: Subject, product=None) -> str:
    """ "NOK 150,000 for <@U…> in November 2026", in mrkdwn."""
    return fmt.t(
        "goal_talk.goal_label",
        target=target_text(fmt, goal.metric, goal.target),
        subject=subject_text(fmt, subject),
        period=goal_period(goal).label(fmt.lang),
        product=product_suffix(fmt, product),
    )


def talk_when(fmt: Formatter, at: datetime, timezone: str) -> str:
    """A talk's day and time on the reader's clock: "Friday, November 20, 2026 at 10:00 AM"."""
    local = at.astimezone(ZoneInfo(timezone))
    clock = fmt.datetime(at, timezone, fmt.locale.time_formats["short"].pattern)
    return fmt.t("goal_talk.when", day=fmt.date(local.date(), "full"), time=clock)


# -- under a goal's notice ------------------------------------------------------------------------


def ack_block_id(goal_id: int) -> str:
    return f"goal_talk_{goal_id}"


def ack_buttons(fmt: Formatter, goal_id: int, *, agree: bool = False) -> ActionsBlock:
    """Acknowledge (Agree, once a manager kept the goal) and Discuss."""
    return ActionsBlock(
        block_id=ack_block_id(goal_id),
        elements=[
            _button(
                fmt,
                "goal_talk.button.agree" if agree else "goal_talk.button.ack",
                ids.GOAL_ACK,
                str(goal_id),
                "primary",
            ),
            _button(fmt, "goal_talk.button.discuss", ids.GOAL_DISCUSS, str(goal_id)),
        ],
    )


def with_ack_buttons(fmt: Formatter, reply: Reply, goal_id: int, *, in_channel: bool = False) -> Reply:
    """A goal's notice with Acknowledge and Discuss under it, and what they do."""
    hint = fmt.t("goal_talk.hint_channel" if in_channel else "goal_talk.hint")
    blocks = [*reply.blocks, *as_dicts([ack_buttons(fmt, goal_id), _context(hint)])]
    return Reply(text=f"{reply.text}\n{hint}", blocks=blocks)


# A notice telling of several goals: at most this many, each with its own buttons (two blocks a
# goal keeps the message within Slack's 50 blocks); the rest are counted, and wait in /sales acks.
NOTICE_GOALS = 20
# The block that marks a notice of several goals (Acknowledge then answers under one goal only).
GOALS_NOTICE = "goal_notices"


def build_goals_notice(
    fmt: Formatter,
    title: str,
    goals: Sequence[tuple[int, str, str]],
    *,
    buttons: bool = True,
    in_channel: bool = False,
) -> Reply:
    """One notice of several new or revised goals: ``title`` (who set them), then each goal
    (its id, its line, and its line with a revision's reason) with Acknowledge and Discuss
    under it unless ``buttons`` is off (the company's goals are not discussed); past
    ``NOTICE_GOALS``, how many more and where to find them."""
    shown, more = goals[:NOTICE_GOALS], len(goals) - NOTICE_GOALS
    blocks: list[Block] = [
        SectionBlock(block_id=GOALS_NOTICE, text=MarkdownTextObject(text=clip(title, SECTION_TEXT)))
    ]
    texts = [title]
    for goal_id, line, detailed in shown:
        blocks.append(_section(detailed))
        if buttons:
            blocks.append(ack_buttons(fmt, goal_id))
        texts.append(f"• {line}")
    if more > 0:
        line = fmt.plural("goal.notices.more" if buttons else "goal.notices.more_company", more)
        blocks.append(_section(line))
        texts.append(line)
    footer = [fmt.t("goal.notify.progress")]
    if buttons:
        footer.insert(0, fmt.t("goal.notices.hint_channel" if in_channel else "goal.notices.hint"))
    blocks.append(_context("\n".join(footer)))
    return Reply(text=clip("\n".join([*texts, *footer]), SECTION_TEXT), blocks=as_dicts(blocks))


def build_goals_told(fmt: Formatter, changes: Sequence[GoalChange], actor: str, *, in_channel: bool) -> Reply:
    """What the people of new or revised goals are told in one message (``actor``: a mention of
    who set them): one goal's notice as the goal form sends it; several in one notice, each
    with its own buttons. ``changes`` are one person's (their own and their teams'), or one
    team's or the company's goals posted in a channel."""
    first = changes[0]
    discussed = first.subject.scope != "company"
    if len(changes) == 1:
        notice = build_goal_notice(fmt, first, actor)
        return with_ack_buttons(fmt, notice, first.goal.id, in_channel=in_channel) if discussed else notice
    goals = [(change.goal.id, *goal_notice_item(fmt, change)) for change in changes]
    if not in_channel:
        title = fmt.plural("goal.notices.title", len(changes), actor=actor)
    elif first.subject.scope == "team":
        title = fmt.plural(
            "goal.notices.title_team", len(changes), actor=actor, team=mrkdwn_escape(first.subject.team.name)
        )
    else:
        title = fmt.plural("goal.notices.title_company", len(changes), actor=actor)
    return build_goals_notice(fmt, title, goals, buttons=discussed, in_channel=in_channel)


def answered_in_notice(blocks: Sequence[dict], goal_id: int, answer: str) -> list[dict] | None:
    """A notice of several goals redrawn with ``answer`` in place of one goal's buttons, the
    others' kept; None for a notice of one goal (it is replaced by the answer whole)."""
    if not any(block.get("block_id") == GOALS_NOTICE for block in blocks):
        return None
    answered = as_dicts([_context(answer)])[0]
    return [answered if block.get("block_id") == ack_block_id(goal_id) else block for block in blocks]


def build_acknowledged(fmt: Formatter, label: str, status: str, *, again: bool) -> Reply:
    """What the person reads once they pressed Acknowledge or Agree (``again``: done before)."""
    text = fmt.t(f"goal_talk.{status}{'_before' if again else ''}", goal=label)
    return Reply(text=text, blocks=as_dicts([_section(text)]))


# -- the forms ------------------------------------------------------------------------------------


def _option(label: str, value: str) -> Option:
    return Option(text=clip(label, OPTION_TEXT), value=value)


def build_discuss_modal(fmt: Formatter, label: str, goal_id: int, manager: str | None) -> dict:
    """``manager``: the name of whom the discussion is with, when known."""
    intro = fmt.t("goal_talk.discuss.intro", goal=label)
    if manager:
        intro += "\n" + fmt.t("goal_talk.discuss.with", manager=mrkdwn_escape(manager))
    concerns = [_option(fmt.t(f"goal_talk.concern.{c}"), c) for c in CONCERNS]
    return build_form(
        fmt,
        callback_id=ids.GOAL_DISCUSS_MODAL,
        title=fmt.t("goal_talk.discuss.title"),
        submit=fmt.t("goal_talk.discuss.submit"),
        private_metadata=json.dumps({"goal": goal_id}),
        blocks=[
            _section(intro),
            InputBlock(
                block_id=CONCERN,
                label=fmt.t("goal_talk.discuss.concern"),
                element=RadioButtonsElement(action_id=CONCERN, options=concerns),
            ),
            InputBlock(
                block_id=COMMENT,
                label=fmt.t("goal_talk.discuss.comment"),
                hint=fmt.t("goal_talk.discuss.comment_hint"),
                optional=True,
                element=PlainTextInputElement(action_id=COMMENT, multiline=True, max_length=COMMENT_MAX),
            ),
        ],
    )


def read_discuss_submission(view: dict) -> tuple[int, str | None, str]:
    """(goal id, concern, comment)."""
    values = view["state"]["values"]
    goal_id = int(json.loads(view.get("private_metadata") or "{}").get("goal", 0))
    return goal_id, submitted.choice(values, CONCERN), submitted.text(values, COMMENT)


def build_keep_modal(fmt: Formatter, view: DiscussionView, label: str) -> dict:
    return build_form(
        fmt,
        callback_id=ids.GOAL_KEEP_MODAL,
        title=fmt.t("goal_talk.keep.title"),
        submit=fmt.t("goal_talk.keep.submit"),
        private_metadata=json.dumps({"discussion": view.discussion.id}),
        blocks=[
            _section(fmt.t("goal_talk.keep.intro", person=mrkdwn_escape(view.person.name), goal=label)),
            InputBlock(
                block_id=NOTE,
                label=fmt.t("goal_talk.keep.note"),
                hint=fmt.t("goal_talk.keep.note_hint"),
                element=PlainTextInputElement(action_id=NOTE, multiline=True, max_length=NOTE_MAX),
            ),
        ],
    )


def build_talk_modal(fmt: Formatter, view: DiscussionView, label: str, *, today: date, timezone: str) -> dict:
    return build_form(
        fmt,
        callback_id=ids.GOAL_TALK_MODAL,
        title=fmt.t("goal_talk.talk.title"),
        submit=fmt.t("goal_talk.talk.submit"),
        private_metadata=json.dumps({"discussion": view.discussion.id}),
        blocks=[
            _section(fmt.t("goal_talk.talk.intro", person=mrkdwn_escape(view.person.name), goal=label)),
            InputBlock(
                block_id=TALK_DAY,
                label=fmt.t("goal_talk.talk.day"),
                element=DatePickerElement(action_id=TALK_DAY, initial_date=today.isoformat()),
            ),
            InputBlock(
                block_id=TALK_TIME,
                label=fmt.t("goal_talk.talk.time"),
                hint=fmt.t("goal_talk.talk.time_hint", timezone=timezone),
                element=TimePickerElement(action_id=TALK_TIME, initial_time="10:00"),
            ),
        ],
    )


def read_answer_submission(view: dict) -> tuple[int, dict]:
    """(discussion id, the form's values)."""
    discussion_id = int(json.loads(view.get("private_metadata") or "{}").get("discussion", 0))
    return discussion_id, view["state"]["values"]


def read_note(values: dict) -> str:
    return submitted.text(values, NOTE)


def read_talk(values: dict) -> tuple[date | None, str | None]:
    return submitted.day(values, TALK_DAY), submitted.state(values, TALK_TIME).get("selected_time")


# -- the two threads --------------------------------------------------------------------------


def _concern_line(fmt: Formatter, view: DiscussionView) -> str:
    concern = fmt.t(f"goal_talk.concern.{view.discussion.concern}")
    comment = view.discussion.comment
    if comment:
        return fmt.t("goal_talk.concern_line_comment", concern=concern, comment=mrkdwn_escape(comment))
    return fmt.t("goal_talk.concern_line", concern=concern)


def build_manager_opening(fmt: Formatter, view: DiscussionView, label: str) -> Reply:
    """The first message of the manager's thread: the concern and the three answers."""
    headline = fmt.t("goal_talk.manager_opening", person=mention(view.person.slack_user_id), goal=label)
    concern = _concern_line(fmt, view)
    hint = fmt.t("goal_talk.manager_hint", person=mrkdwn_escape(view.person.name))
    goal = view.goal
    buttons = ActionsBlock(
        block_id=f"goal_answer_{view.discussion.id}",
        elements=[
            _button(fmt, "goal_talk.button.keep", ids.GOAL_KEEP, str(view.discussion.id), "primary"),
            # The ordinary revision form (handlers/goals.py), with the current target to change.
            _button(
                fmt,
                "goal_talk.button.revise",
                ids.REVISE_GOAL,
                json.dumps({"goal": goal.id, "target": str(goal.target)}),
            ),
            _button(fmt, "goal_talk.button.talk", ids.GOAL_TALK, str(view.discussion.id)),
        ],
    )
    blocks = [_section(f"{headline}\n{concern}"), buttons, _context(hint)]
    return Reply(text=f"{headline}\n{concern}\n{hint}", blocks=as_dicts(blocks))


def build_person_opening(fmt: Formatter, view: DiscussionView, label: str) -> Reply:
    """The first message of the person's thread."""
    manager = view.manager
    headline = fmt.t("goal_talk.person_opening", manager=mention(manager.slack_user_id), goal=label)
    concern = _concern_line(fmt, view)
    hint = fmt.t("goal_talk.person_hint", manager=mrkdwn_escape(manager.name))
    blocks = [_section(f"{headline}\n{concern}"), _context(hint)]
    return Reply(text=f"{headline}\n{concern}\n{hint}", blocks=as_dicts(blocks))


def build_relayed(fmt: Formatter, author_name: str, text: str) -> Reply:
    """A reply from the other side's thread. Their text is Slack's own mrkdwn already, and
    it goes into a DM only the other side reads."""
    line = fmt.t("goal_talk.relayed", name=mrkdwn_escape(author_name), text=text)
    return Reply(text=clip(line, SECTION_TEXT), blocks=as_dicts([_section(line)]))


def build_kept(fmt: Formatter, view: DiscussionView, *, for_person: bool) -> Reply:
    """Keep the goal, as each side reads it; the person may agree from here."""
    note = mrkdwn_escape(view.discussion.note)
    if for_person:
        text = fmt.t("goal_talk.kept_person", manager=mention(view.manager.slack_user_id), note=note)
        blocks = [_section(text), ack_buttons(fmt, view.goal.id, agree=True)]
    else:
        text = fmt.t("goal_talk.kept_manager", person=mention(view.person.slack_user_id), note=note)
        blocks = [_section(text)]
    return Reply(text=text, blocks=as_dicts(blocks))


def build_talk_scheduled(
    fmt: Formatter, view: DiscussionView, *, other: str, timezone: str, by_me: bool
) -> Reply:
    """A talk scheduled, on the reader's clock; ``other`` is the other side's Slack user id."""
    when = talk_when(fmt, view.discussion.talk_at, timezone)
    key = "goal_talk.talk_scheduled_mine" if by_me else "goal_talk.talk_scheduled"
    text = fmt.t(key, other=mention(other), when=when)
    return Reply(text=text, blocks=as_dicts([_section(text)]))


def build_talk_reminder(
    fmt: Formatter, view: DiscussionView, label: str, *, other: str, timezone: str
) -> Reply:
    when = talk_when(fmt, view.discussion.talk_at, timezone)
    text = fmt.t("goal_talk.talk_reminder", other=mention(other), when=when, goal=label)
    return Reply(text=text, blocks=as_dicts([_section(text)]))


def build_agreed_for_manager(fmt: Formatter, person_user_id: str, label: str) -> Reply:
    text = fmt.t("goal_talk.agreed_manager", person=mention(person_user_id), goal=label)
    return Reply(text=text, blocks=as_dicts([_section(text)]))


# -- a discussion read whole ----------------------------------------------------------------------


def build_discussion(fmt: Formatter, view: DiscussionView, label: str, *, timezone: str) -> Reply:
    d = view.discussion
    title = fmt.t("goal_talk.view.title", person=view.person.name)
    lines = [
        fmt.t("goal_talk.view.goal", goal=label),
        fmt.t(
            "goal_talk.view.with",
            manager=mention(view.manager.slack_user_id) if view.manager else fmt.t("goal_talk.view.nobody"),
            day=fmt.date(
                d.created_at.astimezone(ZoneInfo(timezone)).date() if d.created_at.tzinfo else d.created_at
            ),
        ),
        _concern_line(fmt, view),
        fmt.t(f"goal_talk.view.outcome.{d.outcome or 'open'}", note=mrkdwn_escape(d.note)),
    ]
    if d.talk_at is not None:
        lines.append(fmt.t("goal_talk.view.talk", when=talk_when(fmt, d.talk_at, timezone)))
    blocks: list[Block] = [HeaderBlock(text=clip(title, HEADER_TEXT)), _section("\n".join(lines))]
    shown = list(view.messages)[-SHOWN_MESSAGES:]
    if shown:
        said = [
            fmt.t(
                "goal_talk.relayed",
                name=mrkdwn_escape(view.authors[m.author_id].name)
                if m.author_id in (view.authors or {})
                else "?",
                text=mrkdwn_escape(m.text),
            )
            for m in shown
        ]
        chunk: list[str] = []
        for line in said:
            if chunk and sum(len(x) + 1 for x in chunk) + len(line) > SECTION_TEXT:
                blocks.append(_section("\n".join(chunk)))
                chunk = []
            chunk.append(clip(line, SECTION_TEXT))
        blocks.append(_section("\n".join(chunk)))
    else:
        blocks.append(_context(fmt.t("goal_talk.view.no_replies")))
    blocks = blocks[: MESSAGE_BLOCKS - 1]
    return Reply(text=clip("\n".join([mrkdwn_escape(title), *lines]), SECTION_TEXT), blocks=as_dicts(blocks))


# -- the overview: /sales acks ---------------------------------------------------------------------


def _unack_line(fmt: Formatter, item: Unacknowledged, label: str) -> str:
    if item.goal.scope == "person":  # the label names the person
        return fmt.t("goal_talk.unack_person", goal=label)
    names = ", ".join(mention(p.slack_user_id) for p in item.people[:20])
    if len(item.people) > 20:
        names += " " + fmt.t("list.more", count=len(item.people) - 20)
    return fmt.plural(
        "goal_talk.unack_line", len(item.people), goal=label, told=fmt.number(item.told), people=names
    )


def _discussion_line(fmt: Formatter, view: DiscussionView, label: str, timezone: str) -> str:
    line = fmt.t(
        "goal_talk.discussion_line",
        person=mention(view.person.slack_user_id),
        goal=label,
        concern=fmt.t(f"goal_talk.concern.{view.discussion.concern}"),
    )
    if view.discussion.talk_at is not None:
        line += " · " + fmt.t("goal_talk.talk_on", when=talk_when(fmt, view.discussion.talk_at, timezone))
    return line


def build_overview(
    fmt: Formatter,
    *,
    awaiting: Sequence[AwaitingGoal],
    awaiting_count: int,
    unacknowledged: Sequence[Unacknowledged],
    discussions: Sequence[DiscussionView],
    labels: Mapping[int, str],
    timezone: str,
    managing: bool,
) -> Reply:
    """What ``/sales acks`` shows: the reader's goals to acknowledge (of ``awaiting_count`` in all,
    how many more wait); for managers, per goal who has not acknowledged after two working days
    (with Remind), and the discussions under way."""
    title = fmt.t("goal_talk.overview.title")
    blocks: list[Block] = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    texts = [title]
    room = MESSAGE_BLOCKS - 4
    if awaiting:
        blocks.append(_section(fmt.t("goal_talk.overview.mine")))
        # Two blocks a goal; a manager's overview keeps room for their people's goals below.
        shown = awaiting[: MINE_SHOWN_MANAGING if managing else MINE_SHOWN]
        for item in shown:
            line = _awaiting_line(fmt, item, labels[item.goal.id])
            blocks += [_section(line), ack_buttons(fmt, item.goal.id)]
            texts.append(line)
        if awaiting_count > len(shown):
            line = fmt.plural("goal_talk.overview.more_mine", awaiting_count - len(shown))
            blocks.append(_context(line))
            texts.append(line)
    elif not managing:
        line = fmt.t("goal_talk.overview.nothing_mine")
        blocks.append(_section(line))
        texts.append(line)
    if managing:
        heading = fmt.t("goal_talk.overview.unack", days=2)
        blocks.append(_section(heading))
        texts.append(heading)
        if not unacknowledged:
            blocks.append(_context(fmt.t("goal_talk.overview.all_acknowledged")))
        for item in unacknowledged:
            if len(blocks) >= room:
                break
            line = _unack_line(fmt, item, labels[item.goal.id])
            if item.reminded_today:
                blocks.append(_section(line))
                blocks.append(_context(fmt.t("goal_talk.overview.reminded_today")))
            else:
                blocks.append(
                    _section(
                        line, _button(fmt, "goal_talk.button.remind", ids.GOAL_ACK_REMIND, str(item.goal.id))
                    )
                )
            texts.append(line)
        heading = fmt.t("goal_talk.overview.discussions")
        blocks.append(_section(heading))
        texts.append(heading)
        if not discussions:
            blocks.append(_context(fmt.t("goal_talk.overview.no_discussions")))
        for view in discussions:
            if len(blocks) >= room:
                break
            line = _discussion_line(fmt, view, labels[view.goal.id], timezone)
            blocks.append(
                _section(
                    line,
                    _button(fmt, "goal_talk.button.view", ids.GOAL_DISCUSSION_VIEW, str(view.discussion.id)),
                )
            )
            texts.append(line)
    blocks = blocks[: MESSAGE_BLOCKS - 1]
    return Reply(text=clip("\n".join(texts), SECTION_TEXT), blocks=as_dicts(blocks))


def _awaiting_line(fmt: Formatter, item: AwaitingGoal, label: str) -> str:
    return fmt.t(f"goal_talk.awaiting.{item.status}", goal=label)


def build_ack_reminder(fmt: Formatter, label: str, manager_user_id: str, goal_id: int) -> Reply:
    """A manager's reminder to someone who has not acknowledged: the goal and its two buttons."""
    text = fmt.t("goal_talk.reminder", manager=mention(manager_user_id), goal=label)
    hint = fmt.t("goal_talk.hint")
    blocks = [_section(text), ack_buttons(fmt, goal_id), _context(hint)]
    return Reply(text=f"{text}\n{hint}", blocks=as_dicts(blocks))


def build_reminded(fmt: Formatter, item: Unacknowledged, label: str) -> Reply:
    people = ", ".join(mention(p.slack_user_id) for p in item.people)
    text = fmt.plural("goal_talk.reminded", len(item.people), goal=label, people=people)
    return Reply(text=clip(text, SECTION_TEXT), blocks=as_dicts([_section(text)]))


# -- App Home ---------------------------------------------------------------------------------------


def home_goal_talks(
    fmt: Formatter,
    awaiting: Sequence[AwaitingGoal],
    discussions: Sequence[DiscussionView],
    labels: Mapping[int, str],
    *,
    timezone: str,
) -> list[Block]:
    """The person's goals awaiting their acknowledgement, with the buttons, and a manager's goals
    under discussion, with View (none of either: nothing shown)."""
    blocks: list[Block] = []
    if awaiting:
        blocks.append(_section(fmt.t("goal_talk.home.awaiting")))
        for item in awaiting[:HOME_ITEMS]:
            blocks += [
                _section(_awaiting_line(fmt, item, labels[item.goal.id])),
                ack_buttons(fmt, item.goal.id),
            ]
        if len(awaiting) > HOME_ITEMS:
            blocks.append(_context(fmt.t("goal_talk.home.more", count=len(awaiting) - HOME_ITEMS)))
    if discussions:
        blocks.append(_section(fmt.t("goal_talk.home.discussions")))
        for view in discussions[:HOME_ITEMS]:
            line = _discussion_line(fmt, view, labels[view.goal.id], timezone)
            blocks.append(
                _section(
                    line,
                    _button(fmt, "goal_talk.button.view", ids.GOAL_DISCUSSION_VIEW, str(view.discussion.id)),
                )
            )
        if len(discussions) > HOME_ITEMS:
            blocks.append(_context(fmt.t("goal_talk.home.more", count=len(discussions) - HOME_ITEMS)))
    return blocks
