"""A coaching plan in Block Kit: the manager's whole view (check-ins with their private notes, the
effect, the outcome), the person's own view (focus areas, dates, next steps only), the forms (the
plan, a check-in, the outcome and the escalation's confirmation), the DMs, and App Home's lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.common import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    HEADER_TEXT,
    OPTION_TEXT,
    SECTION_TEXT,
    as_dicts,
    build_form,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot import coaching as co
from salesbot.i18n import Formatter
from salesbot.periods import Period

# Check-ins listed in a plan (the latest); the rest are counted.
CHECK_INS_SHOWN = 8
DATES_SHOWN = 8


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])


def _option(label: str, value: str) -> Option:
    return Option(text=clip(label, OPTION_TEXT), value=value)


def _button(fmt: Formatter, key: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=clip(fmt.t(key), BUTTON_TEXT), action_id=action_id, value=value, style=style)


def version_value(plan: co.CoachingPlanRecord) -> str:
    return f"{plan.id}:{plan.version}"


def read_version_value(value: str) -> tuple[int, int] | None:
    first, _, second = (value or "").partition(":")
    return (int(first), int(second)) if first.isdigit() and second.isdigit() else None


def start_value(person_id: int, diagnosis_id: int | None = None) -> str:
    return f"{person_id}:{diagnosis_id or 0}"


def read_start_value(value: str) -> tuple[int, int | None] | None:
    person, _, diagnosis = (value or "").partition(":")
    if not person.isdigit() or (diagnosis and not diagnosis.isdigit()):
        return None
    return int(person), int(diagnosis) if diagnosis and int(diagnosis) else None


def focus_text(fmt: Formatter, plan: co.CoachingPlanRecord) -> str:
    areas = [fmt.t(f"coaching.focus.{area}") for area in plan.focus_areas if area in co.FOCUS_AREAS]
    if plan.focus_note:
        areas.append(mrkdwn_escape(plan.focus_note))
    return ", ".join(areas)


def _dates(fmt: Formatter, days: Sequence[date]) -> str:
    shown = [fmt.date(day) for day in days[:DATES_SHOWN]]
    if len(days) > DATES_SHOWN:
        shown.append(fmt.t("list.more", count=len(days) - DATES_SHOWN))
    return ", ".join(shown)


def _plan_lines(fmt: Formatter, view: co.PlanView) -> list[str]:
    """What both the manager and the person read: focus, cadence, dates."""
    plan = view.plan
    lines = [
        fmt.t("coaching.focus_is", focus=focus_text(fmt, plan)),
        fmt.t(
            "coaching.cadence_is",
            cadence=fmt.t(f"coaching.cadence.{plan.cadence}"),
            start=fmt.date(plan.starts_on),
            end=fmt.date(plan.ends_on),
        ),
    ]
    if view.upcoming:
        lines.append(fmt.t("coaching.dates_are", dates=_dates(fmt, view.upcoming)))
    elif plan.state == co.OPEN:
        lines.append(fmt.t("coaching.no_more_check_ins", end=fmt.date(plan.ends_on)))
    return lines


def _name(view: co.PlanView) -> str:
    return mrkdwn_escape(view.person.name)


# -- the manager's view ------------------------------------------------------------------------


def _check_in_lines(fmt: Formatter, check_ins: Sequence[co.CheckInRecord]) -> list[str]:
    done = [c for c in check_ins if c.done_on is not None]
    lines = []
    if len(done) > CHECK_INS_SHOWN:
        lines.append(fmt.t("coaching.check_ins_earlier", count=len(done) - CHECK_INS_SHOWN))
    for check_in in done[-CHECK_INS_SHOWN:]:
        lines.append(fmt.t("coaching.check_in_done", date=fmt.date(check_in.done_on)))
        if check_in.next_steps:
            lines.append(fmt.t("coaching.next_steps_are", steps=mrkdwn_escape(check_in.next_steps)))
        if check_in.notes:
            lines.append(fmt.t("coaching.notes_are", notes=mrkdwn_escape(check_in.notes)))
    return lines


def _money(fmt: Formatter, value) -> str:
    return fmt.money(value)


def effect_blocks(fmt: Formatter, effect: co.Effect) -> list[Block]:
    """The weeks before and since side by side, the averages, and the attainment before and since."""
    lines = [fmt.plural("coaching.effect.title", effect.weeks)]
    for n in range(effect.weeks):
        lines.append(
            fmt.t(
                "coaching.effect.week",
                number=n + 1,
                before=_money(fmt, effect.before[n]),
                since=_money(fmt, effect.since[n]),
            )
        )
    lines.append(
        fmt.t(
            "coaching.effect.average",
            before=_money(fmt, effect.average_before),
            since=_money(fmt, effect.average_since),
        )
    )

    def attainment(goal, value) -> str:
        if goal is None:
            return fmt.t("coaching.effect.no_goal")
        return fmt.t(
            "coaching.effect.goal",
            percent=fmt.percent(value),
            period=Period.from_key(goal.period_key).label(fmt.lang),
        )

    lines.append(
        fmt.t(
            "coaching.effect.attainment",
            before=attainment(effect.goal_before, effect.attainment_before),
            since=attainment(effect.goal_since, effect.attainment_since),
        )
    )
    return [_section("\n".join(lines))]


def _outcome_line(fmt: Formatter, plan: co.CoachingPlanRecord) -> str | None:
    if plan.state == co.CLOSED:
        what = fmt.t(f"coaching.outcome.{plan.outcome}")
        if plan.outcome == co.ESCALATED and plan.escalation:
            what += " — " + fmt.t(f"coaching.escalation.{plan.escalation}")
        line = fmt.t("coaching.ended_as", date=fmt.date(plan.ended_on), outcome=what)
    elif plan.outcome == co.EXTENDED:
        line = fmt.t("coaching.extended_to", date=fmt.date(plan.ends_on))
    else:
        return None
    if plan.outcome_note:
        line += "\n" + fmt.t("coaching.outcome_note_is", note=mrkdwn_escape(plan.outcome_note))
    return line


def build_plan(
    fmt: Formatter,
    view: co.PlanView,
    *,
    effect: co.Effect | None = None,
    today: date,
    notice: str | None = None,
) -> Reply:
    """The whole plan, for the person's managers and admins: the check-ins with their private
    notes, the effect, the outcome; Check in, Record the outcome and Assign training."""
    plan = view.plan
    title = fmt.t("coaching.title", person=_name(view))
    blocks: list[Block] = [
        HeaderBlock(text=clip(title, HEADER_TEXT)),
        _context(fmt.t("coaching.private", person=_name(view))),
    ]
    if view.stale:
        blocks.append(_context(fmt.t("coaching.stale")))
    if notice:
        blocks.append(_section(notice))
    lines = _plan_lines(fmt, view)
    if plan.diagnosis_id:
        lines.append(fmt.t("coaching.from_diagnosis"))
    blocks.append(_section("\n".join(lines)))
    check_ins = _check_in_lines(fmt, view.check_ins)
    blocks.append(_section("\n".join(check_ins) if check_ins else fmt.t("coaching.no_check_in_yet")))
    if effect is not None:
        blocks += effect_blocks(fmt, effect)
    outcome = _outcome_line(fmt, plan)
    if outcome:
        blocks.append(_section(outcome))
    if plan.state == co.OPEN:
        if plan.ends_on <= today:
            blocks.append(_section(fmt.t("coaching.ends_now", date=fmt.date(plan.ends_on))))
        elements = []
        pending = view.next_check_in
        if pending is not None:
            elements.append(
                _button(fmt, "coaching.button.check_in", ids.COACHING_CHECK_IN, str(pending.id), "primary")
            )
        elements += [
            _button(fmt, "coaching.button.outcome", ids.COACHING_OUTCOME, version_value(plan)),
            _button(fmt, "coaching.button.assign_training", ids.TRAIN_ASSIGN_PERSON, str(plan.person_id)),
        ]
        blocks.append(ActionsBlock(block_id=f"coaching_plan:{plan.id}", elements=elements))
    return Reply(text=title, blocks=as_dicts(blocks))


def build_plans(fmt: Formatter, views: Sequence[co.PlanView], *, today: date) -> Reply:
    """A manager's ``/sales coach``: the open plans they follow, and Start a coaching plan."""
    title = fmt.t("coaching.list.title")
    blocks: list[Block] = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if not views:
        blocks.append(_section(fmt.t("coaching.list.none")))
    blocks += plan_lines(fmt, views, today=today)
    blocks.append(_context(fmt.t("coaching.usage")))
    blocks.append(
        ActionsBlock(
            block_id="coaching_start",
            elements=[_button(fmt, "coaching.button.start", ids.COACHING_START, "0:0", "primary")],
        )
    )
    return Reply(text=title, blocks=as_dicts(blocks))


def plan_lines(fmt: Formatter, views: Sequence[co.PlanView], *, today: date) -> list[Block]:
    """One line a plan: the person, the next check-in (or the end), and Open."""
    blocks: list[Block] = []
    for view in views:
        plan = view.plan
        pending = view.next_check_in
        if plan.ends_on <= today:
            when = fmt.t("coaching.home.ends", date=fmt.date(plan.ends_on))
        elif pending is not None:
            when = fmt.t("coaching.home.next", date=fmt.date(pending.due_on))
        else:
            when = fmt.t("coaching.home.ends", date=fmt.date(plan.ends_on))
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=clip(
                        fmt.t("coaching.home.line", person=mention(view.person.slack_user_id), when=when),
                        SECTION_TEXT,
                    )
                ),
                accessory=_button(fmt, "coaching.button.check_in", ids.COACHING_CHECK_IN, str(pending.id))
                if pending is not None and pending.due_on <= today
                else _button(fmt, "coaching.button.open", ids.COACHING_OPEN, str(plan.id)),
            )
        )
    return blocks


def home_coaching(fmt: Formatter, views: Sequence[co.PlanView], *, today: date) -> list[Block]:
    """App Home: a manager's open coaching plans with the next check-in (none: nothing shown)."""
    if not views:
        return []
    return [_section(fmt.t("coaching.home.title")), *plan_lines(fmt, views, today=today)]


# -- the person's own view ---------------------------------------------------------------------


def _latest_next_steps(view: co.PlanView) -> co.CheckInRecord | None:
    return next((c for c in reversed(view.check_ins) if c.done_on is not None and c.next_steps), None)


def build_my_plan(fmt: Formatter, view: co.PlanView | None, *, manager: str | None = None) -> Reply:
    """The person's own plan: focus areas, check-in dates, the agreed next steps; no notes, no
    outcome details."""
    if view is None:
        return Reply(
            text=fmt.t("coaching.mine.none"), blocks=as_dicts([_section(fmt.t("coaching.mine.none"))])
        )
    title = fmt.t("coaching.mine.title")
    lines = _plan_lines(fmt, view)
    if manager:
        lines.insert(0, fmt.t("coaching.mine.with", manager=mention(manager)))
    blocks: list[Block] = [HeaderBlock(text=clip(title, HEADER_TEXT)), _section("\n".join(lines))]
    steps = [
        fmt.t("coaching.mine.steps_from", date=fmt.date(c.done_on), steps=mrkdwn_escape(c.next_steps))
        for c in view.check_ins
        if c.done_on is not None and c.next_steps
    ]
    blocks.append(_section("\n".join(steps[-CHECK_INS_SHOWN:]) if steps else fmt.t("coaching.mine.no_steps")))
    blocks.append(_context(fmt.t("coaching.mine.private")))
    return Reply(text=title, blocks=as_dicts(blocks))


def home_my_plan(fmt: Formatter, view: co.PlanView | None) -> list[Block]:
    """App Home: the person's own plan, briefly (none: nothing shown)."""
    if view is None:
        return []
    lines = [fmt.t("coaching.home.mine"), fmt.t("coaching.focus_is", focus=focus_text(fmt, view.plan))]
    if view.upcoming:
        lines.append(fmt.t("coaching.home.next", date=fmt.date(view.upcoming[0])))
    latest = _latest_next_steps(view)
    if latest is not None:
        lines.append(fmt.t("coaching.next_steps_are", steps=mrkdwn_escape(latest.next_steps)))
    return [_section("\n".join(lines))]


# -- the DMs -----------------------------------------------------------------------------------


def build_plan_told(fmt: Formatter, view: co.PlanView, *, manager: str) -> Reply:
    """The person's DM when the plan starts: focus areas and check-in dates, nothing else."""
    text = fmt.t("coaching.told.started", manager=mention(manager))
    body = "\n".join([text, *_plan_lines(fmt, view)])
    blocks = [_section(body), _context(fmt.t("coaching.told.see_it"))]
    return Reply(text=text, blocks=as_dicts(blocks))


def build_next_steps_told(
    fmt: Formatter, view: co.PlanView, check_in: co.CheckInRecord, *, manager: str
) -> Reply:
    """The person's DM after a check-in: the agreed next steps and the next date; never the notes."""
    text = fmt.t("coaching.told.checked_in", manager=mention(manager))
    lines = [text]
    if check_in.next_steps:
        lines.append(fmt.t("coaching.next_steps_are", steps=mrkdwn_escape(check_in.next_steps)))
    if view.upcoming:
        lines.append(fmt.t("coaching.home.next", date=fmt.date(view.upcoming[0])))
    return Reply(text=text, blocks=as_dicts([_section("\n".join(lines))]))


def build_outcome_told(fmt: Formatter, view: co.PlanView, *, manager: str) -> Reply:
    """The person's DM at the outcome, in neutral words: the plan ended, or runs to a new date."""
    if view.plan.state == co.OPEN:
        text = fmt.t("coaching.told.extended", manager=mention(manager), date=fmt.date(view.plan.ends_on))
    else:
        text = fmt.t("coaching.told.ended", manager=mention(manager))
    return Reply(text=text, blocks=as_dicts([_section(text)]))


def build_check_in_reminder(fmt: Formatter, view: co.PlanView, check_in: co.CheckInRecord) -> Reply:
    """The manager's DM on a check-in's date, with Check in (the form) and Open the plan."""
    text = fmt.t("coaching.reminder.check_in", person=_name(view), date=fmt.date(check_in.due_on))
    body = "\n".join([text, fmt.t("coaching.focus_is", focus=focus_text(fmt, view.plan))])
    latest = _latest_next_steps(view)
    if latest is not None:
        body += "\n" + fmt.t("coaching.reminder.last_steps", steps=mrkdwn_escape(latest.next_steps))
    blocks: list[Block] = [
        _section(body),
        ActionsBlock(
            block_id=f"coaching_reminder:{check_in.id}",
            elements=[
                _button(fmt, "coaching.button.check_in", ids.COACHING_CHECK_IN, str(check_in.id), "primary"),
                _button(fmt, "coaching.button.open", ids.COACHING_OPEN, str(view.plan.id)),
            ],
        ),
        _context(fmt.t("coaching.private", person=_name(view))),
    ]
    return Reply(text=text, blocks=as_dicts(blocks))


def build_end_reminder(fmt: Formatter, view: co.PlanView) -> Reply:
    """The manager's DM on the plan's end date: record the outcome (the plan and its effect open
    with Open the plan)."""
    text = fmt.t("coaching.reminder.end", person=_name(view), date=fmt.date(view.plan.ends_on))
    blocks: list[Block] = [
        _section(text + "\n" + fmt.t("coaching.reminder.end_choices")),
        ActionsBlock(
            block_id=f"coaching_end:{view.plan.id}",
            elements=[
                _button(
                    fmt, "coaching.button.outcome", ids.COACHING_OUTCOME, version_value(view.plan), "primary"
                ),
                _button(fmt, "coaching.button.open", ids.COACHING_OPEN, str(view.plan.id)),
            ],
        ),
        _context(fmt.t("coaching.private", person=_name(view))),
    ]
    return Reply(text=text, blocks=as_dicts(blocks))


# -- from a diagnosis --------------------------------------------------------------------------


def coaching_actions(fmt: Formatter, person_id: int, diagnosis_id: int) -> ActionsBlock:
    """Assign training and Start a coaching plan for a diagnosis's person (the ability step, or
    a conclusion of ability or training)."""
    return ActionsBlock(
        block_id=f"diagnosis_coaching:{diagnosis_id}",
        elements=[
            _button(fmt, "coaching.button.assign_training", ids.TRAIN_ASSIGN_PERSON, str(person_id)),
            _button(fmt, "coaching.button.start", ids.COACHING_START, start_value(person_id, diagnosis_id)),
        ],
    )


# -- the forms ---------------------------------------------------------------------------------


def build_plan_modal(
    fmt: Formatter, *, person_user_id: str | None, today: date, private_metadata: str
) -> dict:
    """A new plan: the person (filled in when known), focus areas, cadence, first check-in, end."""
    focus = [_option(fmt.t(f"coaching.focus.{area}"), area) for area in co.FOCUS_AREAS]
    cadences = [_option(fmt.t(f"coaching.cadence.{c}"), c) for c in co.CADENCES]
    blocks: list[Block] = [
        _section(fmt.t("coaching.modal.intro")),
        InputBlock(
            block_id=co.F_PERSON,
            label=fmt.t("coaching.field.person"),
            element=UserSelectElement(action_id=co.F_PERSON, initial_user=person_user_id),
        ),
        InputBlock(
            block_id=co.F_FOCUS,
            label=fmt.t("coaching.field.focus"),
            optional=True,
            element=CheckboxesElement(action_id=co.F_FOCUS, options=focus),
        ),
        InputBlock(
            block_id=co.F_FOCUS_NOTE,
            label=fmt.t("coaching.field.focus_note"),
            optional=True,
            element=PlainTextInputElement(action_id=co.F_FOCUS_NOTE, max_length=co.FOCUS_NOTE_MAX),
        ),
        InputBlock(
            block_id=co.F_CADENCE,
            label=fmt.t("coaching.field.cadence"),
            element=StaticSelectElement(
                action_id=co.F_CADENCE,
                options=cadences,
                initial_option=next(o for o in cadences if o.value == co.DEFAULT_CADENCE),
            ),
        ),
        InputBlock(
            block_id=co.F_FIRST,
            label=fmt.t("coaching.field.first"),
            element=DatePickerElement(
                action_id=co.F_FIRST, initial_date=(today + timedelta(days=7)).isoformat()
            ),
        ),
        InputBlock(
            block_id=co.F_END,
            label=fmt.t("coaching.field.end"),
            element=DatePickerElement(
                action_id=co.F_END, initial_date=(today + timedelta(days=91)).isoformat()
            ),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.COACHING_PLAN_MODAL,
        title=fmt.t("coaching.modal.title"),
        submit=fmt.t("coaching.modal.submit"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def read_plan_submission(values: dict) -> dict:
    return {
        "person": submitted.user(values, co.F_PERSON),
        "focus_areas": [
            o["value"] for o in submitted.state(values, co.F_FOCUS).get("selected_options") or []
        ],
        "focus_note": submitted.text(values, co.F_FOCUS_NOTE),
        "cadence": submitted.choice(values, co.F_CADENCE),
        "first_check_in": submitted.day(values, co.F_FIRST),
        "ends_on": submitted.day(values, co.F_END),
    }


def build_check_in_modal(
    fmt: Formatter, view: co.PlanView, check_in: co.CheckInRecord, *, private_metadata: str
) -> dict:
    """A check-in: private notes and the next steps shared with the person, said plainly."""
    name = _name(view)
    blocks: list[Block] = [
        _section(
            fmt.t("coaching.check_in.intro", person=name, date=fmt.date(check_in.due_on))
            + "\n"
            + fmt.t("coaching.focus_is", focus=focus_text(fmt, view.plan))
        ),
        InputBlock(
            block_id=co.F_NOTES,
            label=fmt.t("coaching.field.notes"),
            hint=fmt.t("coaching.field.notes_hint", person=view.person.name),
            optional=True,
            element=PlainTextInputElement(action_id=co.F_NOTES, multiline=True, max_length=co.NOTES_MAX),
        ),
        InputBlock(
            block_id=co.F_NEXT_STEPS,
            label=fmt.t("coaching.field.next_steps"),
            hint=fmt.t("coaching.field.next_steps_hint", person=view.person.name),
            optional=True,
            element=PlainTextInputElement(
                action_id=co.F_NEXT_STEPS, multiline=True, max_length=co.NEXT_STEPS_MAX
            ),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.COACHING_CHECK_IN_MODAL,
        title=fmt.t("coaching.check_in.title"),
        submit=fmt.t("coaching.check_in.submit"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def read_check_in_submission(values: dict) -> dict:
    return {
        "notes": submitted.text(values, co.F_NOTES),
        "next_steps": submitted.text(values, co.F_NEXT_STEPS),
    }


def build_outcome_modal(fmt: Formatter, view: co.PlanView, *, today: date, private_metadata: str) -> dict:
    """The outcome: improved (closed), extended (a new end date) or escalated (its kind, confirmed
    next); the note is private."""
    outcomes = [
        Option(
            text=clip(fmt.t(f"coaching.outcome.{o}"), OPTION_TEXT),
            value=o,
            description=clip(fmt.t(f"coaching.outcome_hint.{o}"), OPTION_TEXT),
        )
        for o in co.OUTCOMES
    ]
    escalations = [_option(fmt.t(f"coaching.escalation.{e}"), e) for e in co.ESCALATIONS]
    new_end = max(today, view.plan.ends_on) + timedelta(days=28)
    blocks: list[Block] = [
        _section(fmt.t("coaching.outcome.intro", person=_name(view))),
        InputBlock(
            block_id=co.F_OUTCOME,
            label=fmt.t("coaching.field.outcome"),
            element=RadioButtonsElement(action_id=co.F_OUTCOME, options=outcomes),
        ),
        InputBlock(
            block_id=co.F_NEW_END,
            label=fmt.t("coaching.field.new_end"),
            optional=True,
            element=DatePickerElement(action_id=co.F_NEW_END, initial_date=new_end.isoformat()),
        ),
        InputBlock(
            block_id=co.F_ESCALATION,
            label=fmt.t("coaching.field.escalation"),
            optional=True,
            element=StaticSelectElement(action_id=co.F_ESCALATION, options=escalations),
        ),
        InputBlock(
            block_id=co.F_OUTCOME_NOTE,
            label=fmt.t("coaching.field.outcome_note"),
            hint=fmt.t("coaching.field.outcome_note_hint", person=view.person.name),
            optional=True,
            element=PlainTextInputElement(
                action_id=co.F_OUTCOME_NOTE, multiline=True, max_length=co.NOTES_MAX
            ),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.COACHING_OUTCOME_MODAL,
        title=fmt.t("coaching.outcome.title"),
        submit=fmt.t("coaching.outcome.submit"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def read_outcome_submission(values: dict) -> dict:
    return {
        "outcome": submitted.choice(values, co.F_OUTCOME),
        "new_end": submitted.day(values, co.F_NEW_END),
        "escalation": submitted.choice(values, co.F_ESCALATION),
        "note": submitted.text(values, co.F_OUTCOME_NOTE),
    }


def build_escalate_confirm(
    fmt: Formatter, view: co.PlanView, draft: co.OutcomeDraft, *, private_metadata: str
) -> dict:
    """The question before an escalation is recorded: what it means and who will see it."""
    blocks: list[Block] = [
        _section(
            fmt.t(
                "coaching.escalate.question",
                person=_name(view),
                escalation=fmt.t(f"coaching.escalation.{draft.escalation}"),
            )
        ),
        _context(fmt.t("coaching.escalate.private", person=_name(view))),
        InputBlock(
            block_id=co.F_CONFIRM,
            label=fmt.t("coaching.escalate.confirm_label"),
            element=CheckboxesElement(
                action_id=co.F_CONFIRM,
                options=[_option(fmt.t("coaching.escalate.confirm"), "yes")],
            ),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.COACHING_ESCALATE_MODAL,
        title=fmt.t("coaching.escalate.title"),
        submit=fmt.t("coaching.escalate.submit"),
        private_metadata=private_metadata,
        blocks=blocks,
    )
