"""A diagnosis as its manager sees it: the steps so far, the current step's evidence and its
three answers, the conclusion form, the conclusion; and its lines on App Home."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

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
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.coaching import coaching_actions
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
from handlers.blocks.feedback import score_text
from handlers.respond import Reply
from salesbot import department as dq
from salesbot import diagnosis as dx
from salesbot.evidence import ABILITY, COUNT, DAYS, DEPARTMENTS, MONEY, PERCENT, Figure, StepEvidence
from salesbot.follow_up import FollowUp
from salesbot.i18n import Formatter
from salesbot.periods import Period
from salesbot.progress import PersonStatus
from salesbot.segments import named_params

# A person's diagnosis concluded with these causes offers Assign training and Start a coaching plan.
COACHING_CAUSES = ("ability", "training")
# A team's members behind pace listed at its diagnosis's end (Slack allows 50 blocks a message).
MEMBERS_SHOWN = 20

_MARK_ICONS = {
    dx.RULED_OUT: ":white_check_mark:",
    dx.PROBLEM: ":warning:",
    dx.ASK_DEPARTMENT: ":email:",
    dx.PENDING: ":arrow_forward:",
}


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])


def _option(label: str, value: str) -> Option:
    return Option(text=clip(label, OPTION_TEXT), value=value)


def subject_name(fmt: Formatter, view: dx.DiagnosisView) -> str:
    if view.subject.scope == "person":
        return mrkdwn_escape(view.subject.person.name)
    return fmt.t("diagnosis.team", name=mrkdwn_escape(view.subject.team.name))


def mark_value(view: dx.DiagnosisView, mark: str) -> str:
    """What a step's button carries: the state it was drawn for, and its answer."""
    d = view.diagnosis
    return f"{d.id}:{d.version}:{d.current_step}:{mark}"


def read_mark_value(value: str) -> tuple[int, int, str, str] | None:
    parts = value.split(":")
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    return int(parts[0]), int(parts[1]), parts[2], parts[3]


def read_version_value(value: str) -> tuple[int, int] | None:
    """Conclude's value: the diagnosis and the version it was drawn for."""
    first, _, second = value.partition(":")
    return (int(first), int(second)) if first.isdigit() and second.isdigit() else None


def figure_value(fmt: Formatter, unit: str, value, scale: str | None = None) -> str:
    """A figure in its unit; ``scale`` names a score's (CSAT or NPS)."""
    if value is None:
        return fmt.t("diagnosis.no_data")
    if unit == PERCENT:
        return fmt.percent(float(value) / 100)  # 0–100 (salesbot.evidence), not a ratio
    if unit == MONEY:
        return fmt.money(Decimal(value).quantize(Decimal(1)))  # an average: whole units read better
    if unit == DAYS:
        return fmt.t("diagnosis.days", days=fmt.number(value, 1))
    if unit == COUNT:
        return fmt.number(value)
    if scale is not None:
        return score_text(fmt, scale, float(value))
    return fmt.number(value, 1)


def figure_line(fmt: Formatter, figure: Figure) -> str:
    """A figure: the subject's value beside the rest of the company's, with the records behind each."""
    return fmt.t(
        "diagnosis.figure",
        label=fmt.t(f"evidence.figure.{figure.key}", **named_params(figure.params, fmt.lang)),
        subject=figure_value(fmt, figure.unit, figure.subject, figure.params.get("scale")),
        subject_records=fmt.plural("diagnosis.records", figure.subject_records),
        others=figure_value(fmt, figure.unit, figure.others, figure.params.get("scale")),
        others_records=fmt.plural("diagnosis.records", figure.others_records),
    )


def _evidence_blocks(fmt: Formatter, evidence: StepEvidence) -> list[Block]:
    lines = [figure_line(fmt, figure) for figure in evidence.figures]
    lines += [fmt.t(key, **named_params(params, fmt.lang)) for key, params in evidence.notes]
    if not lines:
        lines.append(fmt.t("diagnosis.no_evidence"))
    blocks: list[Block] = [_section("\n".join(f"• {line}" for line in lines))]
    if evidence.points_here:
        blocks.append(_context(fmt.t("diagnosis.points_here")))
    return blocks


def _steps_so_far(fmt: Formatter, view: dx.DiagnosisView) -> str:
    lines = []
    for number, step in enumerate(view.steps, start=1):
        mark = view.marks.get(step)
        title = fmt.t(f"diagnosis.step.{step}")
        if mark is None:
            lines.append(f":white_small_square: {number}. {title}")
        elif mark == dx.PENDING or (mark == dx.ASK_DEPARTMENT and step == view.diagnosis.current_step):
            lines.append(f"{_MARK_ICONS[mark]} *{number}. {title}*")
        else:
            lines.append(f"{_MARK_ICONS[mark]} {number}. {title} — {fmt.t(f'diagnosis.mark.{mark}')}")
    return "\n".join(lines)


def build_diagnosis(
    fmt: Formatter,
    view: dx.DiagnosisView,
    *,
    evidence: StepEvidence | None = None,
    notice: str | None = None,
    owners: Mapping[int, str] | None = None,
    questions: Mapping[str, dq.QuestionRecord] | None = None,
    behind: Sequence[PersonStatus] | None = None,
    diagnosable: Collection[int] = (),
) -> Reply:
    """The diagnosis where it stands; ``evidence`` is the current step's, ``owners`` the Slack
    ids of the conclusion's action owners by person id; ``behind`` (a team's, once its steps are
    marked) its members behind pace, with Diagnose for those in ``diagnosable`` (person ids)."""
    d = view.diagnosis
    name = subject_name(fmt, view)
    period = view.period.label(fmt.lang)
    blocks: list[Block] = [
        HeaderBlock(text=clip(fmt.t("diagnosis.title", subject=name, period=period), HEADER_TEXT)),
        _context(fmt.t("diagnosis.private")),
    ]
    if view.stale:
        blocks.append(_context(fmt.t("diagnosis.stale")))
    if notice:
        blocks.append(_section(notice))
    questions = questions or {}
    blocks.append(_section(_steps_so_far(fmt, view)))
    answers = [answer_line(fmt, questions[step]) for step in view.steps if step in questions]
    if answers:
        blocks.append(_context("\n".join(answers)))
    if d.state == dx.STEP:
        step = d.current_step
        number = view.steps.index(step) + 1
        blocks.append(
            _section(
                fmt.t(
                    "diagnosis.step_heading",
                    number=number,
                    steps=len(view.steps),
                    step=fmt.t(f"diagnosis.step.{step}"),
                )
                + "\n"
                + fmt.t(f"diagnosis.question.{step}", subject=name)
            )
        )
        blocks += _evidence_blocks(fmt, evidence or StepEvidence(step))
        marks = [dx.RULED_OUT, dx.PROBLEM] + ([dx.ASK_DEPARTMENT] if step in DEPARTMENTS else [])
        if view.marks.get(step) == dx.ASK_DEPARTMENT:  # the question is out: decide without it
            blocks.append(_section(waiting_line(fmt, step, questions.get(step))))
            marks = [dx.RULED_OUT, dx.PROBLEM]
        blocks.append(
            ActionsBlock(
                block_id=f"diagnosis_step:{d.id}",
                elements=[
                    ButtonElement(
                        text=clip(fmt.t(f"diagnosis.button.{mark}"), BUTTON_TEXT),
                        action_id=f"{ids.DIAGNOSIS_MARK}:{mark}",
                        value=mark_value(view, mark),
                        style="primary" if mark == dx.RULED_OUT else None,
                    )
                    for mark in marks
                ],
            )
        )
        if step == ABILITY and view.subject.scope == "person":
            blocks.append(_context(fmt.t("coaching.from_ability")))
            blocks.append(coaching_actions(fmt, view.subject.person.id, d.id))
    elif d.state == dx.CONCLUDING:
        blocks.append(_section(fmt.t("diagnosis.ready")))
        blocks.append(
            ActionsBlock(
                block_id=f"diagnosis_conclude:{d.id}",
                elements=[
                    ButtonElement(
                        text=clip(fmt.t("diagnosis.button.conclude"), BUTTON_TEXT),
                        action_id=ids.DIAGNOSIS_CONCLUDE,
                        value=f"{d.id}:{d.version}",
                        style="primary",
                    )
                ],
            )
        )
    else:
        blocks += _conclusion(fmt, view, owners or {})
        if d.root_cause in COACHING_CAUSES and view.subject.scope == "person":
            blocks.append(coaching_actions(fmt, view.subject.person.id, d.id))
    if behind is not None:
        blocks += members_behind_blocks(fmt, behind, view.period, diagnosable)
    text = fmt.t("diagnosis.title", subject=name, period=period)
    return Reply(text=text, blocks=as_dicts(blocks))


def _conclusion(fmt: Formatter, view: dx.DiagnosisView, owners: Mapping[int, str]) -> list[Block]:
    d = view.diagnosis
    lines = [fmt.t("diagnosis.root_cause_is", cause=fmt.t(f"diagnosis.cause.{d.root_cause}"))]
    if d.notes:
        lines.append(fmt.t("diagnosis.notes_are", notes=mrkdwn_escape(d.notes)))
    lines += [action_line(fmt, action, owners) for action in view.actions]
    lines.append(fmt.t("diagnosis.follow_up_on", date=fmt.date(d.follow_up_on)))
    return [_section("\n".join(lines)), _context(fmt.t("diagnosis.follow_up_later"))]


def action_line(fmt: Formatter, action: dx.DiagnosisActionRecord, owners: Mapping[int, str]) -> str:
    """• the action — its owner: a person (mentioned) or a department."""
    owner = owners.get(action.owner_id)
    if owner:
        return f"• {mrkdwn_escape(action.text)} — {mention(owner)}"
    if action.department:
        return f"• {mrkdwn_escape(action.text)} — {fmt.t(f'diagnosis.department.{action.department}')}"
    return f"• {mrkdwn_escape(action.text)}"


def build_action_given(
    fmt: Formatter, *, text: str, manager: str, follow_up_on: date, department: str | None
) -> Reply:
    """An action from a diagnosis, told to its owner: a person, or a department's contact. Only the
    action and its date: the diagnosis (whose, why) stays with the managers."""
    if department:
        said = fmt.t(
            "diagnosis.action_for_department",
            manager=mention(manager),
            department=fmt.t(f"diagnosis.department.{department}"),
            date=fmt.date(follow_up_on),
        )
    else:
        said = fmt.t("diagnosis.action_for_you", manager=mention(manager), date=fmt.date(follow_up_on))
    return Reply(text=said, blocks=as_dicts([_section(f"{said}\n>{mrkdwn_escape(text)}")]))


def diagnose_value(scope: str, subject_id: int, period: Period) -> str:
    """What Diagnose carries: the subject and the period to diagnose."""
    return f"{scope}:{subject_id}:{period.key}"


def read_diagnose_value(value: str) -> tuple[str, int, str] | None:
    """(scope, id, period key): a person or team, or the company (id 0) under a company digest."""
    scope, _, rest = value.partition(":")
    subject_id, _, period_key = rest.partition(":")
    if scope not in ("person", "team", "company") or not subject_id.isdigit() or not period_key:
        return None
    return scope, int(subject_id), period_key


def diagnose_button(
    fmt: Formatter,
    scope: str,
    subject_id: int,
    period: Period,
    *,
    name: str | None = None,
    n: int | None = None,
):
    """Diagnose ``scope``/``subject_id`` for ``period``; ``n`` tells apart several in one block."""
    label = (
        fmt.t("diagnosis.button.diagnose_person", name=name) if name else fmt.t("diagnosis.button.diagnose")
    )
    return ButtonElement(
        text=clip(label, BUTTON_TEXT),
        action_id=ids.DIAGNOSIS_START if n is None else f"{ids.DIAGNOSIS_START}:{n}",
        value=diagnose_value(scope, subject_id, period),
    )


def digest_diagnose_button(
    fmt: Formatter, scope: str, subject_id: int | None, period: Period
) -> ButtonElement:
    """Under a channel digest's people behind pace: each presser privately gets those of them
    they may diagnose (the channel sees no names)."""
    return ButtonElement(
        text=clip(fmt.t("diagnosis.button.from_digest"), BUTTON_TEXT),
        action_id=ids.DIAGNOSIS_FROM_DIGEST,
        value=diagnose_value(scope, subject_id or 0, period),
    )


def build_behind_to_diagnose(
    fmt: Formatter, behind: Sequence[PersonStatus], period: Period, *, team: tuple[int, str] | None = None
) -> Reply:
    """From a digest: the team (id, name) when the presser may diagnose it, then the people
    behind pace whom they may diagnose, each with Diagnose."""
    if not behind and team is None:
        text = fmt.t("diagnosis.from_digest.none", period=period.label(fmt.lang))
        return Reply(text=text, blocks=as_dicts([_section(text)]))
    blocks: list[Block] = []
    if team is not None:
        name = fmt.t("diagnosis.team", name=team[1])
        blocks.append(
            ActionsBlock(
                block_id=f"diagnose_team:{team[0]}",
                elements=[diagnose_button(fmt, "team", team[0], period, name=name)],
            )
        )
    if behind:
        blocks += members_behind_blocks(fmt, behind, period, {item.person.id for item in behind})
    return Reply(text=fmt.t("diagnosis.behind.title", period=period.label(fmt.lang)), blocks=as_dicts(blocks))


def members_behind_blocks(
    fmt: Formatter, behind: Sequence[PersonStatus], period: Period, diagnosable: Collection[int]
) -> list[Block]:
    """A team's members behind pace in ``period``, most behind first, each with Diagnose."""
    label = period.label(fmt.lang)
    if not behind:
        return [_context(fmt.t("diagnosis.behind.none", period=label))]
    blocks: list[Block] = [_section(fmt.t("diagnosis.behind.title", period=label))]
    for item in behind[:MEMBERS_SHOWN]:
        line = fmt.t(
            "diagnosis.behind.line",
            person=mention(item.person.slack_user_id),
            percent=fmt.percent(item.progress.attainment),
            status=fmt.t(f"status.{item.status}"),
        )
        button = (
            diagnose_button(fmt, "person", item.person.id, period) if item.person.id in diagnosable else None
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(line, SECTION_TEXT)), accessory=button))
    return blocks


# -- the follow-up reminder --------------------------------------------------------------------


def build_follow_up(fmt: Formatter, follow: FollowUp, *, owners: Mapping[int, str]) -> Reply:
    """The manager's DM on the follow-up date: the subject, the root cause, the actions and their
    owners, and what changed since: the attainment and the problem step's figures, then → now."""
    d = follow.diagnosis
    view = dx.DiagnosisView(diagnosis=d, subject=follow.subject, period=follow.period, marks={})
    title = fmt.t(
        "diagnosis.follow_up.title", subject=subject_name(fmt, view), period=follow.period.label(fmt.lang)
    )

    def attainment(value) -> str:
        return fmt.t("diagnosis.follow_up.no_goal") if value is None else fmt.percent(value)

    lines = [
        fmt.t("diagnosis.root_cause_is", cause=fmt.t(f"diagnosis.cause.{d.root_cause}")),
        fmt.t("diagnosis.follow_up.actions"),
    ]
    lines += [action_line(fmt, action, owners) for action in follow.actions]
    changes = [
        fmt.t(
            "diagnosis.follow_up.attainment",
            then=attainment(follow.attainment_then),
            period=follow.period.label(fmt.lang),
            now=attainment(follow.attainment_now),
            now_period=follow.now_period.label(fmt.lang),
        )
    ]
    if follow.step is None:
        changes.append(fmt.t("diagnosis.follow_up.no_step"))
    else:
        changes.append(fmt.t("diagnosis.follow_up.step", step=fmt.t(f"diagnosis.step.{follow.step}")))
        now = {(f.key, tuple(sorted(f.params.items()))): f for f in follow.now}
        seen = set()
        for then in follow.then:
            key = (then.key, tuple(sorted(then.params.items())))
            seen.add(key)
            current = now.get(key)
            changes.append(
                "• "
                + fmt.t(
                    "diagnosis.follow_up.figure",
                    label=fmt.t(f"evidence.figure.{then.key}", **named_params(then.params, fmt.lang)),
                    then=figure_value(fmt, then.unit, then.subject, then.params.get("scale")),
                    now=figure_value(
                        fmt, then.unit, current.subject if current else None, then.params.get("scale")
                    ),
                )
            )
        for key, current in now.items():
            if key not in seen:
                changes.append(
                    "• "
                    + fmt.t(
                        "diagnosis.follow_up.figure",
                        label=fmt.t(
                            f"evidence.figure.{current.key}", **named_params(current.params, fmt.lang)
                        ),
                        then=figure_value(fmt, current.unit, None),
                        now=figure_value(fmt, current.unit, current.subject, current.params.get("scale")),
                    )
                )
    blocks: list[Block] = [
        HeaderBlock(text=clip(title, HEADER_TEXT)),
        _section(fmt.t("diagnosis.follow_up.intro", date=fmt.date(d.follow_up_on))),
        _section("\n".join(lines)),
        _section("\n".join(changes)),
        _context(fmt.t("diagnosis.private")),
    ]
    return Reply(text=title, blocks=as_dicts(blocks))


# -- the conclusion form -----------------------------------------------------------------------


def build_conclude_modal(
    fmt: Formatter, view: dx.DiagnosisView, *, today: date, private_metadata: str
) -> dict:
    causes = [_option(fmt.t(f"diagnosis.cause.{cause}"), cause) for cause in dx.ROOT_CAUSES]
    problem = next(
        (step for step in view.steps if view.marks.get(step) == dx.PROBLEM and step in dx.ROOT_CAUSES), None
    )
    initial = next((o for o in causes if o.value == problem), None)
    departments = [_option(fmt.t(f"diagnosis.department.{name}"), name) for name in dx.ACTION_DEPARTMENTS]
    blocks: list[Block] = [
        _section(fmt.t("diagnosis.modal.intro", subject=subject_name(fmt, view))),
        InputBlock(
            block_id=dx.F_ROOT_CAUSE,
            label=fmt.t("diagnosis.field.root_cause"),
            element=StaticSelectElement(action_id=dx.F_ROOT_CAUSE, options=causes, initial_option=initial),
        ),
        InputBlock(
            block_id=dx.F_NOTES,
            label=fmt.t("diagnosis.field.notes"),
            optional=True,
            element=PlainTextInputElement(action_id=dx.F_NOTES, multiline=True, max_length=dx.NOTES_MAX),
        ),
    ]
    for n in range(1, dx.MAX_ACTIONS + 1):
        blocks += [
            InputBlock(
                block_id=dx.f_action(n),
                label=fmt.t("diagnosis.field.action", number=n),
                optional=n > 1,
                element=PlainTextInputElement(action_id=dx.f_action(n), max_length=dx.ACTION_MAX),
            ),
            InputBlock(
                block_id=dx.f_owner(n),
                label=fmt.t("diagnosis.field.owner", number=n),
                optional=True,  # or a department owns it: the domain asks for one of the two
                element=UserSelectElement(action_id=dx.f_owner(n)),
            ),
            InputBlock(
                block_id=dx.f_department(n),
                label=fmt.t("diagnosis.field.department", number=n),
                hint=fmt.t("diagnosis.field.department_hint") if n == 1 else None,
                optional=True,
                element=StaticSelectElement(action_id=dx.f_department(n), options=departments),
            ),
        ]
    blocks.append(
        InputBlock(
            block_id=dx.F_FOLLOW_UP,
            label=fmt.t("diagnosis.field.follow_up"),
            element=DatePickerElement(
                action_id=dx.F_FOLLOW_UP, initial_date=(today + timedelta(days=14)).isoformat()
            ),
        )
    )
    return build_form(
        fmt,
        callback_id=ids.DIAGNOSIS_CONCLUDE_MODAL,
        title=fmt.t("diagnosis.modal.title"),
        submit=fmt.t("diagnosis.modal.submit"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def read_conclude_submission(values: dict) -> dict:
    """The form's values: root cause, notes, (action text, owner's Slack id, department) for each
    row, date."""
    return {
        "root_cause": submitted.choice(values, dx.F_ROOT_CAUSE),
        "notes": submitted.text(values, dx.F_NOTES),
        "actions": [
            (
                submitted.text(values, dx.f_action(n)),
                submitted.user(values, dx.f_owner(n)),
                submitted.choice(values, dx.f_department(n)),
            )
            for n in range(1, dx.MAX_ACTIONS + 1)
        ],
        "follow_up_on": submitted.day(values, dx.F_FOLLOW_UP),
    }


# -- App Home ----------------------------------------------------------------------------------


def home_diagnoses(fmt: Formatter, views: Sequence[dx.DiagnosisView]) -> list[Block]:
    """A manager's open diagnoses, each with Resume (none: nothing shown)."""
    if not views:
        return []
    blocks: list[Block] = [_section(fmt.t("diagnosis.home.title"))]
    for view in views:
        d = view.diagnosis
        where = (
            fmt.t(f"diagnosis.step.{d.current_step}")
            if d.state == dx.STEP
            else fmt.t("diagnosis.home.to_conclude")
        )
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=clip(
                        fmt.t(
                            "diagnosis.home.line",
                            subject=subject_name(fmt, view),
                            period=view.period.label(fmt.lang),
                            step=where,
                        ),
                        SECTION_TEXT,
                    )
                ),
                accessory=ButtonElement(
                    text=clip(fmt.t("diagnosis.button.resume"), BUTTON_TEXT),
                    action_id=ids.DIAGNOSIS_RESUME,
                    value=str(d.id),
                ),
            )
        )
    return blocks


# -- ask the department ------------------------------------------------------------------------


def _where(contact: str) -> str:
    return f"<#{contact}>" if dq.is_channel(contact) else mention(contact)


def answer_line(fmt: Formatter, question: dq.QuestionRecord) -> str:
    """What a department answered at a step (or that it has not yet)."""
    department = fmt.t(f"diagnosis.department.{question.department}")
    step = fmt.t(f"diagnosis.step.{question.step}")
    if question.answered_at is None:
        return fmt.t("diagnosis.dept.unanswered", department=department, step=step)
    said = (
        fmt.t(f"diagnosis.dept.answer.{question.answer}")
        if question.answer
        else fmt.t("diagnosis.dept.answer.none")
    )
    line = fmt.t("diagnosis.dept.answered", department=department, step=step, answer=said)
    if question.comment:
        line += " " + fmt.t("diagnosis.dept.comment_is", comment=mrkdwn_escape(question.comment))
    return line


def waiting_line(fmt: Formatter, step: str, question: dq.QuestionRecord | None) -> str:
    department = DEPARTMENTS[step]
    name = fmt.t(f"diagnosis.department.{department}")
    if question is not None and question.answered_at is not None:
        return fmt.t("diagnosis.dept.decide_now", department=name)
    contact = _where(question.asked_to) if question else name
    return fmt.t("diagnosis.dept.waiting", department=name, contact=contact)


def build_department_question(
    fmt: Formatter,
    *,
    question: dq.QuestionRecord,
    subject: str,
    period: str,
    asker: str | None,
    evidence: StepEvidence,
    reminder: bool = False,
) -> Reply:
    """The question as its department's contact sees it: the one step's question and figures
    (no notes, no other step), and Yes / No / Comment carrying the question's id."""
    department = fmt.t(f"diagnosis.department.{question.department}")
    intro = fmt.t(
        "diagnosis.dept.intro",
        asker=mention(asker) if asker else fmt.t("diagnosis.dept.a_manager"),
        department=department,
        subject=subject,
        period=period,
    )
    lines = [figure_line(fmt, figure) for figure in evidence.figures] or [fmt.t("diagnosis.no_evidence")]
    blocks: list[Block] = []
    if reminder:
        blocks.append(_context(fmt.t("diagnosis.dept.reminder")))
    blocks += [
        _section(intro + "\n*" + fmt.t(f"diagnosis.question.{question.step}", subject=subject) + "*"),
        _section("\n".join(f"• {line}" for line in lines)),
        _context(fmt.t("diagnosis.dept.private")),
        ActionsBlock(
            block_id=f"diagnosis_question:{question.id}",
            elements=[
                ButtonElement(
                    text=clip(fmt.t("diagnosis.dept.button.yes"), BUTTON_TEXT),
                    action_id=f"{ids.DIAGNOSIS_ANSWER}:{dq.YES}",
                    value=str(question.id),
                ),
                ButtonElement(
                    text=clip(fmt.t("diagnosis.dept.button.no"), BUTTON_TEXT),
                    action_id=f"{ids.DIAGNOSIS_ANSWER}:{dq.NO}",
                    value=str(question.id),
                ),
                ButtonElement(
                    text=clip(fmt.t("diagnosis.dept.button.comment"), BUTTON_TEXT),
                    action_id=ids.DIAGNOSIS_COMMENT,
                    value=str(question.id),
                ),
            ],
        ),
    ]
    text = fmt.t("diagnosis.dept.text", department=department, subject=subject)
    return Reply(text=text, blocks=as_dicts(blocks))


def build_comment_modal(fmt: Formatter, *, current: str, private_metadata: str) -> dict:
    return build_form(
        fmt,
        callback_id=ids.DIAGNOSIS_COMMENT_MODAL,
        title=fmt.t("diagnosis.dept.modal.title"),
        submit=fmt.t("diagnosis.dept.modal.submit"),
        private_metadata=private_metadata,
        blocks=[
            InputBlock(
                block_id=dq.F_COMMENT,
                label=fmt.t("diagnosis.dept.field.comment"),
                element=PlainTextInputElement(
                    action_id=dq.F_COMMENT,
                    multiline=True,
                    max_length=dq.COMMENT_MAX,
                    initial_value=current or None,
                ),
            )
        ],
    )


def read_comment_submission(values: dict) -> str:
    return submitted.text(values, dq.F_COMMENT)


def build_answer_thanks(fmt: Formatter, question: dq.QuestionRecord, *, changed: bool) -> Reply:
    key = "diagnosis.dept.thanks" if changed else "diagnosis.dept.already"
    return Reply(text=fmt.t(key, answer=answer_line(fmt, question)))


def build_manager_told(
    fmt: Formatter, question: dq.QuestionRecord, *, subject: str, diagnosis_id: int
) -> Reply:
    """The manager's DM: the department answered, with Resume to the diagnosis."""
    text = fmt.t("diagnosis.dept.told", subject=subject) + "\n" + answer_line(fmt, question)
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=clip(text, SECTION_TEXT)),
            accessory=ButtonElement(
                text=clip(fmt.t("diagnosis.button.resume"), BUTTON_TEXT),
                action_id=ids.DIAGNOSIS_RESUME,
                value=str(diagnosis_id),
            ),
        )
    ]
    return Reply(text=text, blocks=as_dicts(blocks))
