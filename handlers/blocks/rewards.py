"""Rewards: the catalog and its form, the nomination form, a nomination for an admin to decide
(with Approve / Decline), the decision form, the messages a decision sends, and the history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
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
from handlers.blocks.common import (
    BUTTON_TEXT,
    HEADER_TEXT,
    LIST_ROOM,
    OPTION_TEXT,
    SECTION_TEXT,
    amount_input,
    as_dicts,
    build_form,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot import rewards
from salesbot.i18n import Formatter

APPROVE, DECLINE = "approve", "decline"


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, 2000))])


def reward_label(fmt: Formatter, reward) -> str:
    """``Cash bonus · Q4 bonus · NOK 5,000`` or ``Time off · Extra days · 2 days``."""
    parts = [fmt.t(f"rewards.kind.{reward.kind}"), mrkdwn_escape(reward.name)]
    if reward.value is not None:
        parts.append(fmt.money(reward.value))
    if reward.days:
        parts.append(fmt.plural("rewards.days", reward.days))
    return " · ".join(parts)


# -- the catalog -------------------------------------------------------------------------------


def build_catalog(
    fmt: Formatter,
    listed: Sequence,
    budgets: Mapping[int, rewards.Budget],
    *,
    admin: bool,
    notice: str | None = None,
) -> Reply:
    blocks: list = []
    if notice:
        blocks.append(_section(notice))
    blocks.append(HeaderBlock(text=clip(fmt.t("rewards.catalog_title"), HEADER_TEXT)))
    if not listed:
        blocks.append(_section(fmt.t("rewards.catalog_empty" if admin else "rewards.catalog_empty_rep")))
    room = LIST_ROOM - 5  # blocks left for the rewards (an admin's take two: the line, its buttons)
    for shown, reward in enumerate(listed):
        room -= 2 if admin and reward.active else 1
        if room < 0:
            # Said, not cut silently: the admin learns why a reward they added is missing.
            blocks.append(_context(fmt.t("rewards.catalog_more", count=len(listed) - shown)))
            break
        line = reward_label(fmt, reward)
        budget = budgets.get(reward.id)
        if budget is not None and reward.budget is not None:
            line += "\n" + fmt.t(
                "rewards.budget_line",
                spent=fmt.money(budget.spent),
                budget=fmt.money(reward.budget),
                period=budget.period.label(fmt.lang),
            )
        if not reward.active:
            line += " " + fmt.t("rewards.retired_mark")
        blocks.append(_section(line))
        if admin and reward.active:
            blocks.append(
                ActionsBlock(
                    block_id=f"reward_{reward.id}",
                    elements=[
                        ButtonElement(
                            text=fmt.t("rewards.button.edit"), action_id=ids.REWARD_EDIT, value=str(reward.id)
                        ),
                        ButtonElement(
                            text=fmt.t("rewards.button.retire"),
                            action_id=ids.REWARD_RETIRE,
                            value=str(reward.id),
                        ),
                    ],
                )
            )
    if admin:
        blocks.append(
            ActionsBlock(
                block_id="reward_catalog",
                elements=[
                    ButtonElement(
                        text=fmt.t("rewards.button.add"),
                        action_id=ids.REWARD_ADD,
                        value="add",
                        style="primary",
                    )
                ],
            )
        )
    text = "\n".join([notice or "", fmt.t("rewards.catalog_title")] + [reward_label(fmt, r) for r in listed])
    return Reply(text=text.strip(), blocks=as_dicts(blocks))


def build_reward_modal(fmt: Formatter, *, reward=None, private_metadata: str = "") -> dict:
    """The catalog form: empty to add a reward, prefilled with ``reward`` to edit it."""
    kinds = [Option(text=clip(fmt.t(f"rewards.kind.{k}"), OPTION_TEXT), value=k) for k in rewards.KINDS]
    currency = fmt.currency
    prefill: dict[str, str | None] = {}
    if reward is not None:
        prefill = {
            rewards.F_NAME: reward.name,
            rewards.F_VALUE: amount_input(fmt, reward.value),
            rewards.F_DAYS: str(reward.days) if reward.days else None,
            rewards.F_BUDGET: amount_input(fmt, reward.budget),
        }

    def typed(field: str, *, optional: bool = True, max_length: int = 40) -> InputBlock:
        return InputBlock(
            block_id=field,
            label=fmt.t(f"rewards.field.{field}", currency=currency),
            hint=fmt.t(f"rewards.hint.{field}"),
            optional=optional,
            element=PlainTextInputElement(
                action_id=field, max_length=max_length, initial_value=prefill.get(field) or None
            ),
        )

    kind = next((o for o in kinds if reward is not None and o.value == reward.kind), None)
    return build_form(
        fmt,
        callback_id=ids.REWARD_EDIT_MODAL,
        title=fmt.t("rewards.edit_title" if reward is not None else "rewards.add_title"),
        private_metadata=private_metadata,
        blocks=[
            InputBlock(
                block_id=rewards.F_KIND,
                label=fmt.t("rewards.field.kind"),
                element=StaticSelectElement(action_id=rewards.F_KIND, options=kinds, initial_option=kind),
            ),
            typed(rewards.F_NAME, optional=False, max_length=rewards.NAME_MAX),
            typed(rewards.F_VALUE),
            typed(rewards.F_DAYS),
            typed(rewards.F_BUDGET),
        ],
    )


def read_reward_submission(values: dict) -> rewards.RewardDraft:
    return rewards.RewardDraft(
        kind=submitted.choice(values, rewards.F_KIND) or "",
        name=submitted.text(values, rewards.F_NAME),
        value=submitted.text(values, rewards.F_VALUE),
        days=submitted.text(values, rewards.F_DAYS),
        budget=submitted.text(values, rewards.F_BUDGET),
    )


# -- nominating --------------------------------------------------------------------------------


def build_nominate_modal(
    fmt: Formatter, listed: Sequence, *, person: str | None, achievement: str = "", private_metadata: str
) -> dict:
    """The nomination form: for ``person`` (a Slack id), or with a person to pick."""
    options = [Option(text=clip(reward_label(fmt, r), OPTION_TEXT), value=str(r.id)) for r in listed]
    blocks: list = []
    if person:
        blocks.append(_section(fmt.t("rewards.nominate_for", person=mention(person))))
    else:
        blocks.append(
            InputBlock(
                block_id=rewards.F_PERSON,
                label=fmt.t("rewards.field.person"),
                element=UserSelectElement(action_id=rewards.F_PERSON),
            )
        )
    blocks += [
        InputBlock(
            block_id=rewards.F_REWARD,
            label=fmt.t("rewards.field.reward"),
            element=StaticSelectElement(action_id=rewards.F_REWARD, options=options[:100]),
        ),
        InputBlock(
            block_id=rewards.F_ACHIEVEMENT,
            label=fmt.t("rewards.field.achievement"),
            hint=fmt.t("rewards.hint.achievement"),
            element=PlainTextInputElement(
                action_id=rewards.F_ACHIEVEMENT,
                initial_value=clip(achievement, rewards.ACHIEVEMENT_MAX) or None,
                max_length=rewards.ACHIEVEMENT_MAX,
            ),
        ),
        InputBlock(
            block_id=rewards.F_REASON,
            label=fmt.t("rewards.field.reason"),
            element=PlainTextInputElement(
                action_id=rewards.F_REASON, multiline=True, max_length=rewards.REASON_MAX
            ),
        ),
        InputBlock(
            block_id=rewards.F_VALUE,
            label=fmt.t("rewards.field.nominated_value", currency=fmt.currency),
            hint=fmt.t("rewards.hint.nominated_value"),
            optional=True,
            element=PlainTextInputElement(action_id=rewards.F_VALUE, max_length=40),
        ),
        InputBlock(
            block_id=rewards.F_DAYS,
            label=fmt.t("rewards.field.days"),
            hint=fmt.t("rewards.hint.nominated_days"),
            optional=True,
            element=PlainTextInputElement(action_id=rewards.F_DAYS, max_length=3),
        ),
        InputBlock(
            block_id=rewards.F_STARTS,
            label=fmt.t("rewards.field.starts"),
            hint=fmt.t("rewards.hint.starts"),
            optional=True,
            element=DatePickerElement(action_id=rewards.F_STARTS),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.REWARD_NOMINATE_MODAL,
        title=fmt.t("rewards.nominate_title"),
        submit=fmt.t("rewards.nominate_submit"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def read_nomination_submission(values: dict) -> tuple[str | None, rewards.NominationDraft]:
    reward = submitted.choice(values, rewards.F_REWARD)
    return submitted.user(values, rewards.F_PERSON), rewards.NominationDraft(
        reward_id=int(reward) if reward and reward.isdigit() else None,
        reason=submitted.text(values, rewards.F_REASON),
        achievement=submitted.text(values, rewards.F_ACHIEVEMENT),
        value=submitted.text(values, rewards.F_VALUE),
        days=submitted.text(values, rewards.F_DAYS),
        starts_on=submitted.day(values, rewards.F_STARTS),
    )


def nomination_lines(fmt: Formatter, nomination, reward, *, person: str, nominator: str | None) -> list[str]:
    lines = [
        fmt.t("rewards.card_title", person=mention(person), reward=reward_label(fmt, reward)),
        fmt.t("rewards.card_achievement", achievement=mrkdwn_escape(nomination.achievement)),
        fmt.t("rewards.card_reason", reason=mrkdwn_escape(nomination.reason)),
    ]
    if nomination.value is not None and nomination.value != reward.value:
        lines.append(fmt.t("rewards.card_value", value=fmt.money(nomination.value)))
    if reward.kind == "time_off":
        days = fmt.plural("rewards.days", nomination.days or 1)
        if nomination.starts_on:
            lines.append(fmt.t("rewards.card_time_off", days=days, start=fmt.date(nomination.starts_on)))
        else:
            lines.append(fmt.t("rewards.card_time_off_open", days=days))
    if nominator:
        lines.append(fmt.t("rewards.card_by", user=mention(nominator)))
    return lines


def build_nomination_card(
    fmt: Formatter,
    nomination,
    reward,
    *,
    person: str,
    nominator: str | None,
    budget: rewards.Budget | None,
    over: bool,
) -> Reply:
    """A pending nomination for an admin: what, why, the budget, and Approve / Decline."""
    lines = nomination_lines(fmt, nomination, reward, person=person, nominator=nominator)
    blocks: list = [_section("\n".join(lines))]
    if budget is not None and reward.budget is not None:
        key = "rewards.card_over_budget" if over else "rewards.card_budget"
        blocks.append(
            _context(
                fmt.t(
                    key,
                    remaining=fmt.money(budget.remaining),
                    budget=fmt.money(reward.budget),
                    period=budget.period.label(fmt.lang),
                )
            )
        )
    blocks.append(
        ActionsBlock(
            block_id=f"nomination:{nomination.id}",
            elements=[
                ButtonElement(
                    text=clip(fmt.t("rewards.button.approve"), BUTTON_TEXT),
                    action_id=f"{ids.REWARD_DECIDE}:{APPROVE}",
                    value=f"{APPROVE}|{nomination.id}",
                    style="primary",
                ),
                ButtonElement(
                    text=clip(fmt.t("rewards.button.decline"), BUTTON_TEXT),
                    action_id=f"{ids.REWARD_DECIDE}:{DECLINE}",
                    value=f"{DECLINE}|{nomination.id}",
                    style="danger",
                ),
            ],
        )
    )
    return Reply(text="\n".join(lines), blocks=as_dicts(blocks))


def build_pending(fmt: Formatter, cards: Sequence[Reply]) -> Reply:
    if not cards:
        return Reply(
            text=fmt.t("rewards.none_pending"), blocks=as_dicts([_section(fmt.t("rewards.none_pending"))])
        )
    blocks: list = [HeaderBlock(text=clip(fmt.plural("rewards.pending_title", len(cards)), HEADER_TEXT))]
    for card in cards[: (LIST_ROOM - 1) // 3]:
        blocks += card.blocks
    return Reply(text="\n\n".join(card.text for card in cards), blocks=as_dicts(blocks))


# -- deciding ----------------------------------------------------------------------------------


def build_decide_modal(
    fmt: Formatter,
    nomination,
    reward,
    *,
    person: str,
    approve: bool,
    over: bool,
    budget: rewards.Budget | None,
    private_metadata: str,
) -> dict:
    lines = nomination_lines(fmt, nomination, reward, person=person, nominator=None)
    blocks: list = [_section("\n".join(lines))]
    if approve and over and budget is not None:
        blocks.append(
            InputBlock(
                block_id=rewards.F_CONFIRM,
                label=fmt.t("rewards.field.confirm"),
                element=CheckboxesElement(
                    action_id=rewards.F_CONFIRM,
                    options=[
                        Option(
                            text=clip(
                                fmt.t(
                                    "rewards.confirm_option",
                                    remaining=fmt.money(budget.remaining),
                                    period=budget.period.label(fmt.lang),
                                ),
                                OPTION_TEXT,
                            ),
                            value="yes",
                        )
                    ],
                ),
            )
        )
    if approve and reward.kind == "time_off":
        blocks.append(
            InputBlock(
                block_id=rewards.F_STARTS,
                label=fmt.t("rewards.field.starts"),
                element=DatePickerElement(
                    action_id=rewards.F_STARTS,
                    initial_date=nomination.starts_on.isoformat() if nomination.starts_on else None,
                ),
            )
        )
    blocks.append(
        InputBlock(
            block_id=rewards.F_NOTE,
            label=fmt.t("rewards.field.note"),
            hint=fmt.t("rewards.hint.note_approve" if approve else "rewards.hint.note_decline"),
            optional=approve,
            element=PlainTextInputElement(
                action_id=rewards.F_NOTE, multiline=True, max_length=rewards.NOTE_MAX
            ),
        )
    )
    return build_form(
        fmt,
        callback_id=ids.REWARD_DECIDE_MODAL,
        title=fmt.t("rewards.approve_title" if approve else "rewards.decline_title"),
        submit=fmt.t("rewards.button.approve" if approve else "rewards.button.decline"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def read_decide_submission(values: dict) -> tuple[str, bool, date | None]:
    confirmed = bool(submitted.state(values, rewards.F_CONFIRM).get("selected_options"))
    return submitted.text(values, rewards.F_NOTE), confirmed, submitted.day(values, rewards.F_STARTS)


def build_decision_dm(fmt: Formatter, decision: rewards.Decision, *, decider: str) -> Reply:
    """To the person nominated: approved (with any time off) or declined, with the note."""
    reward = reward_label(fmt, decision.reward)
    if decision.approved:
        lines = [
            fmt.t(
                "rewards.dm_approved",
                reward=reward,
                achievement=mrkdwn_escape(decision.nomination.achievement),
            )
        ]
        if decision.time_off:
            lines.append(
                fmt.t(
                    "rewards.dm_time_off",
                    start=fmt.date(decision.time_off[0]),
                    end=fmt.date(decision.time_off[1]),
                )
            )
    else:
        lines = [fmt.t("rewards.dm_declined", reward=reward, user=mention(decider))]
    if decision.note:
        lines.append(fmt.t("rewards.dm_note", note=mrkdwn_escape(decision.note)))
    text = "\n".join(lines)
    return Reply(text=text, blocks=as_dicts([_section(text)]))


def build_decision_post(fmt: Formatter, decision: rewards.Decision, *, person: str) -> Reply:
    """In the team's channel: the reward and what it recognises (never the note or the value)."""
    text = fmt.t(
        "rewards.post_approved",
        person=mention(person),
        reward=fmt.t(f"rewards.kind.{decision.reward.kind}") + " · " + mrkdwn_escape(decision.reward.name),
        achievement=mrkdwn_escape(decision.nomination.achievement),
    )
    return Reply(text=text, blocks=as_dicts([_section(text)]))


def build_decided_notice(fmt: Formatter, decision: rewards.Decision, *, person: str, over: bool) -> str:
    key = "rewards.approved_notice" if decision.approved else "rewards.declined_notice"
    text = fmt.t(key, person=mention(person), reward=reward_label(fmt, decision.reward))
    if over:
        text += " " + fmt.t("rewards.approved_over_budget")
    return text


# -- history -----------------------------------------------------------------------------------


def build_history(fmt: Formatter, found: rewards.History, *, subject: str | None) -> Reply:
    period = found.period.label(fmt.lang)
    title = fmt.t("rewards.history_title", period=period) + (f" · {subject}" if subject else "")
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    lines = []
    for nomination in found.nominations[: LIST_ROOM - 3]:
        reward = found.rewards.get(nomination.reward_id)
        person = found.people.get(nomination.person_id)
        if reward is None or person is None:
            continue
        line = fmt.t(
            f"rewards.history_{nomination.status}",
            person=mention(person.slack_user_id),
            reward=reward_label(fmt, reward),
            achievement=mrkdwn_escape(nomination.achievement),
        )
        if nomination.value is not None and nomination.status == rewards.APPROVED:
            line += " · " + fmt.money(nomination.value)
        lines.append(line)
        blocks.append(_section(line))
    if not lines:
        blocks.append(_section(fmt.t("rewards.history_empty", period=period)))
    budget_lines = [
        fmt.t(
            "rewards.budget_spend",
            reward=mrkdwn_escape(b.reward.name),
            spent=fmt.money(b.spent),
            budget=fmt.money(b.reward.budget),
        )
        for b in found.budgets
    ]
    if budget_lines:
        blocks.append(_context("\n".join(budget_lines)))
    return Reply(text="\n".join([title, *lines, *budget_lines]), blocks=as_dicts(blocks))
