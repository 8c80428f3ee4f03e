"""Goals in Block Kit: the goal and revision modals, replies, notifications, lists and history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
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
    MESSAGE_BLOCKS,
    OPTION_TEXT,
    SECTION_TEXT,
    amount_input,
    as_dicts,
    build_form,
    clip,
    join_within,
    mention,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot.goals import (
    METRICS,
    REASON_MAX,
    REASONS,
    Coverage,
    GoalChange,
    GoalHistory,
    GoalListing,
    Subject,
    goal_period,
)
from salesbot.i18n import Formatter
from salesbot.periods import Period

# Input blocks of the goal modal: block id and action id are the same word.
SCOPE, PERSON, TEAM, METRIC, TARGET = "goal_scope", "goal_person", "goal_team", "goal_metric", "goal_target"
PERIOD, PERIOD_OTHER, PRODUCT = "goal_period", "goal_period_other", "goal_product"
REASON_CATEGORY, REASON_TEXT = "goal_reason_category", "goal_reason_text"
# Slack's static select holds at most 100 options; longer lists become a text field.
SELECT_OPTIONS = 100
ALL_PRODUCTS = "all"


# -- words ----------------------------------------------------------------------------------


def target_text(fmt: Formatter, metric: str, amount: Decimal) -> str:
    """``kr 150 000`` for revenue, ``1 deal``/``120 units`` for counts (always whole)."""
    if metric == "revenue":
        return fmt.money(amount)
    return fmt.plural(f"goal.amount.{metric}", int(amount))


def subject_text(fmt: Formatter, subject: Subject) -> str:
    """Whose goal it is, in mrkdwn: a mention, the team's name (escaped), or the company.
    Lower case ("team *Øst*", "the company"): messages never start a sentence with it."""
    if subject.scope == "person":
        return mention(subject.person.slack_user_id)
    if subject.scope == "team":
        return fmt.t("goal.subject.team", name=mrkdwn_escape(subject.team.name))
    return fmt.t("goal.subject.company")


def product_suffix(fmt: Formatter, product) -> str:
    """`` · Product`` in mrkdwn (the name escaped), or nothing for a goal on all products."""
    return fmt.t("goal.product_suffix", product=mrkdwn_escape(product.name)) if product is not None else ""


def coverage_text(fmt: Formatter, coverage: Coverage, metric: str, *, team: str | None = None) -> str:
    """How the members' own goals within the team goal's period add up against it: "Members'
    own goals within Q4 2026: 8 of 10 members, together NOK 2,100,000 of NOK 3,000,000 (70%)".
    ``team`` (escaped mrkdwn) names the team, for a reply about one of its people's goals."""
    words = {
        "period": coverage.period.label(fmt.lang),
        "people": fmt.number(coverage.people_with_goals),
        "total": target_text(fmt, metric, coverage.individual_total),
        "target": target_text(fmt, metric, coverage.team_target),
        "percent": fmt.percent(coverage.ratio or 0),
    }
    if team is not None:
        return fmt.plural("goal.coverage_team", coverage.members, team=team, **words)
    return fmt.plural("goal.coverage", coverage.members, **words)


def overlap_text(fmt: Formatter, subject: Subject, overlapping) -> str:
    """The goals of the same subject, metric and product whose periods overlap the one just set."""
    items = [
        fmt.t(
            "goal.overlap_item",
            target=target_text(fmt, goal.metric, goal.target),
            period=goal_period(goal).label(fmt.lang),
        )
        for goal in overlapping
    ]
    listed = join_within(items, 600, fmt.t("list.more", count="{count}"))
    return fmt.plural("goal.overlaps", len(items), subject=subject_text(fmt, subject), goals=listed)


def reason_text(fmt: Formatter, category: str, text: str) -> str:
    """The reason as people read it, in mrkdwn. What was typed is escaped: a ``<!channel>`` or
    ``<@U…>`` in it is shown, not sent (a revision posted in a channel must not ping anyone)."""
    label = fmt.t(f"goal.reason.{category}")
    return f"{label} — {mrkdwn_escape(text)}" if text else label


def _option(label: str, value: str) -> Option:
    return Option(text=clip(label, OPTION_TEXT), value=value)


# -- the goal modal -------------------------------------------------------------------------


def build_goal_modal(
    fmt: Formatter,
    *,
    teams: list[str] | None,
    products: list[tuple[int, str]] | None,
    periods: list[tuple[str, Period]],
    default_period: Period,
    can_company: bool,
) -> dict:
    """``teams`` (names) and ``products`` (id, name) for selects, no field when empty, or None
    when there are more than a select holds (a text field)."""
    offer_teams = teams is None or bool(teams)
    scopes = [_option(fmt.t("goal.scope.person"), "person")]
    if offer_teams:
        scopes.append(_option(fmt.t("goal.scope.team"), "team"))
    if can_company:
        scopes.append(_option(fmt.t("goal.scope.company"), "company"))
    period_options = [
        _option(fmt.t(f"goal.period.{name}", label=period.label(fmt.lang)), period.key)
        for name, period in periods
    ]
    initial_period = next((o for o in period_options if o.value == default_period.key), period_options[0])
    metrics = [_option(fmt.t(f"goal.metric.{metric}"), metric) for metric in METRICS]
    blocks = [
        InputBlock(
            block_id=SCOPE,
            label=fmt.t("goal.modal.scope"),
            element=RadioButtonsElement(action_id=SCOPE, options=scopes, initial_option=scopes[0]),
        ),
        InputBlock(
            block_id=PERSON,
            label=fmt.t("goal.modal.person"),
            hint=fmt.t("goal.modal.person_hint"),
            optional=True,
            element=UserSelectElement(action_id=PERSON),
        ),
    ]
    if offer_teams:
        blocks.append(_name_input(fmt, TEAM, "goal.modal.team", "goal.modal.team_hint", teams))
    blocks += [
        InputBlock(
            block_id=METRIC,
            label=fmt.t("goal.modal.metric"),
            element=RadioButtonsElement(action_id=METRIC, options=metrics, initial_option=metrics[0]),
        ),
        InputBlock(
            block_id=TARGET,
            label=fmt.t("goal.modal.target"),
            hint=fmt.t("goal.modal.target_hint", currency=fmt.currency),
            element=PlainTextInputElement(action_id=TARGET, max_length=40),
        ),
        InputBlock(
            block_id=PERIOD,
            label=fmt.t("goal.modal.period"),
            element=StaticSelectElement(
                action_id=PERIOD, options=period_options, initial_option=initial_period
            ),
        ),
        InputBlock(
            block_id=PERIOD_OTHER,
            label=fmt.t("goal.modal.period_other"),
            hint=fmt.t("goal.modal.period_other_hint"),
            optional=True,
            element=PlainTextInputElement(action_id=PERIOD_OTHER, max_length=60),
        ),
    ]
    if products is None:
        blocks.append(_name_input(fmt, PRODUCT, "goal.modal.product", "goal.modal.product_text_hint", None))
    elif products:
        # A chosen option can't be cleared in Slack, so "all products" is an option of its own.
        options = [_option(fmt.t("goal.modal.all_products"), ALL_PRODUCTS)]
        options += [_option(name, str(product_id)) for product_id, name in products[: SELECT_OPTIONS - 1]]
        blocks.append(
            InputBlock(
                block_id=PRODUCT,
                label=fmt.t("goal.modal.product"),
                element=StaticSelectElement(action_id=PRODUCT, options=options, initial_option=options[0]),
            )
        )
    blocks += [
        InputBlock(
            block_id=REASON_CATEGORY,
            label=fmt.t("goal.modal.reason_category"),
            hint=fmt.t("goal.modal.reason_hint"),
            optional=True,
            element=RadioButtonsElement(action_id=REASON_CATEGORY, options=_reason_options(fmt)),
        ),
        InputBlock(
            block_id=REASON_TEXT,
            label=fmt.t("goal.modal.reason_text"),
            hint=fmt.t("goal.modal.reason_text_hint"),
            optional=True,
            element=PlainTextInputElement(action_id=REASON_TEXT, multiline=True, max_length=REASON_MAX),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.GOAL_MODAL,
        title=fmt.t("goal.modal.title"),
        submit=fmt.t("goal.modal.submit"),
        blocks=blocks,
    )


def _name_input(fmt: Formatter, block_id: str, label: str, hint: str, names: list[str] | None) -> InputBlock:
    """A select of ``names``, or a text field when there are more than a select holds.

    Only the field the chosen scope needs is read, since Slack can't clear a select once chosen."""
    element = (
        PlainTextInputElement(action_id=block_id, max_length=120)
        if names is None
        else StaticSelectElement(action_id=block_id, options=[_option(name, name) for name in names])
    )
    return InputBlock(block_id=block_id, label=fmt.t(label), hint=fmt.t(hint), optional=True, element=element)


def _reason_options(fmt: Formatter) -> list[Option]:
    return [_option(fmt.t(f"goal.reason.{category}"), category) for category in REASONS]


@dataclass(frozen=True)
class GoalForm:
    """What the goal modal was submitted with, as plain values."""

    scope: str
    user_id: str | None
    team_name: str | None
    metric: str
    target: str
    period_key: str | None
    period_text: str
    product_id: int | None
    product_name: str | None  # typed, when there are too many products for a select
    reason_category: str | None
    reason_text: str


def read_goal_submission(values: dict) -> GoalForm:
    return GoalForm(
        scope=submitted.choice(values, SCOPE) or "person",
        user_id=submitted.state(values, PERSON).get("selected_user"),
        team_name=submitted.choice(values, TEAM) or submitted.text(values, TEAM) or None,
        metric=submitted.choice(values, METRIC) or "revenue",
        target=submitted.text(values, TARGET),
        period_key=submitted.choice(values, PERIOD),
        period_text=submitted.text(values, PERIOD_OTHER),
        product_id=int(chosen) if (chosen := submitted.choice(values, PRODUCT) or "").isdigit() else None,
        product_name=submitted.text(values, PRODUCT) or None,
        reason_category=submitted.choice(values, REASON_CATEGORY),
        reason_text=submitted.text(values, REASON_TEXT),
    )


# -- the revision modal --------------------------------------------------------------------


def build_revision_modal(fmt: Formatter, goal, subject: Subject, product, new_target: Decimal) -> dict:
    intro = fmt.t(
        "goal.revise.intro",
        subject=mrkdwn_escape(_plain_subject(fmt, subject)),
        period=goal_period(goal).label(fmt.lang),
        product=product_suffix(fmt, product),
        old=target_text(fmt, goal.metric, goal.target),
    )
    return build_form(
        fmt,
        callback_id=ids.GOAL_REVISION_MODAL,
        title=fmt.t("goal.revise.title"),
        submit=fmt.t("goal.revise.submit"),
        private_metadata=json.dumps({"goal": goal.id}),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=clip(intro, SECTION_TEXT))),
            InputBlock(
                block_id=TARGET,
                label=fmt.t("goal.revise.target"),
                hint=fmt.t("goal.modal.target_hint", currency=fmt.currency),
                element=PlainTextInputElement(
                    action_id=TARGET, max_length=40, initial_value=amount_input(fmt, new_target)
                ),
            ),
            InputBlock(
                block_id=REASON_CATEGORY,
                label=fmt.t("goal.revise.category"),
                element=RadioButtonsElement(action_id=REASON_CATEGORY, options=_reason_options(fmt)),
            ),
            InputBlock(
                block_id=REASON_TEXT,
                label=fmt.t("goal.revise.text"),
                hint=fmt.t("goal.revise.text_hint"),
                optional=True,
                element=PlainTextInputElement(action_id=REASON_TEXT, multiline=True, max_length=REASON_MAX),
            ),
        ],
    )


def read_revision_submission(view: dict) -> tuple[int, str, str | None, str]:
    """(goal id, target text, reason category, reason text)."""
    values = view["state"]["values"]
    goal_id = int(json.loads(view.get("private_metadata") or "{}").get("goal", 0))
    return (
        goal_id,
        submitted.text(values, TARGET),
        submitted.choice(values, REASON_CATEGORY),
        submitted.text(values, REASON_TEXT),
    )


def _plain_subject(fmt: Formatter, subject: Subject) -> str:
    """A subject for titles and modal text, where a mention would not render as a name: plain,
    so escaped where it goes into mrkdwn."""
    if subject.scope == "person":
        return subject.person.name
    if subject.scope == "team":
        return subject.team.name
    return fmt.t("goal.subject.company_title")


# -- replies --------------------------------------------------------------------------------


def build_goal_reply(fmt: Formatter, headline: str, details: list[str]) -> Reply:
    blocks = [SectionBlock(text=MarkdownTextObject(text=clip(headline, SECTION_TEXT)))]
    if details:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=clip("\n".join(details), CONTEXT_TEXT))])
        )
    return Reply(text=clip("\n".join([headline, *details]), SECTION_TEXT), blocks=as_dicts(blocks))


def _notice_words(fmt: Formatter, change: GoalChange) -> dict[str, str]:
    goal, subject = change.goal, change.subject
    return {
        "team": mrkdwn_escape(subject.team.name) if subject.scope == "team" else "",
        "target": target_text(fmt, goal.metric, change.new_target),
        "old": target_text(fmt, goal.metric, change.old_target) if change.old_target is not None else "",
        "new": target_text(fmt, goal.metric, change.new_target),
        "period": goal_period(goal).label(fmt.lang),
        "product": product_suffix(fmt, change.product),
    }


def _revision_reason(fmt: Formatter, change: GoalChange) -> list[str]:
    if change.reason is None or change.outcome == "created":
        return []
    return [fmt.t("goal.reason_line", reason=reason_text(fmt, change.reason.category, change.reason.text))]


def build_goal_notice(fmt: Formatter, change: GoalChange, actor: str) -> Reply:
    """What the people a new or revised goal concerns are told (``actor``: a mention of who set
    it): the goal, a revision's reason, and where to follow it."""
    kind = "new" if change.outcome == "created" else "revised"
    headline = fmt.t(f"goal.notify.{change.subject.scope}_{kind}", actor=actor, **_notice_words(fmt, change))
    return build_goal_reply(fmt, headline, [*_revision_reason(fmt, change), fmt.t("goal.notify.progress")])


def goal_notice_item(fmt: Formatter, change: GoalChange) -> tuple[str, str]:
    """One goal of a notice telling of several (whoever set them is named once, above): its
    line, and the line with a revision's reason under it."""
    kind = "new" if change.outcome == "created" else "revised"
    line = fmt.t(f"goal.notices.{change.subject.scope}_{kind}", **_notice_words(fmt, change))
    return line, "\n".join([line, *_revision_reason(fmt, change)])


def build_needs_reason(fmt: Formatter, headline: str, goal_id: int, new_target: Decimal) -> Reply:
    """The revision typed without a reason: old → new, and a button to give the reason."""
    # One line of help: how to give the reason, then the categories with an example.
    hint = f"{fmt.t('goal.needs_reason_hint')} {fmt.t('goal.reason_example')}"
    button = ButtonElement(
        text=clip(fmt.t("goal.revise_button"), BUTTON_TEXT),
        action_id=ids.REVISE_GOAL,
        value=json.dumps({"goal": goal_id, "target": str(new_target)}),
        style="primary",
    )
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=clip(headline, SECTION_TEXT))),
        ActionsBlock(block_id="goal_revise", elements=[button]),
        ContextBlock(elements=[MarkdownTextObject(text=clip(hint, CONTEXT_TEXT))]),
    ]
    return Reply(text=f"{headline}\n{hint}", blocks=as_dicts(blocks))


def read_revise_button(value: str) -> tuple[int, Decimal]:
    """The goal and new target a "Revise with reason" button carries; (0, 0) when unreadable."""
    try:
        data = json.loads(value)
        return int(data["goal"]), Decimal(data["target"])
    except (ValueError, KeyError, TypeError, ArithmeticError):
        return 0, Decimal(0)


# -- lists and history ----------------------------------------------------------------------


def build_goal_list(
    fmt: Formatter, listing: GoalListing, period: Period, *, note: str | None, can_set: bool
) -> Reply:
    title = fmt.t("goal.list.title", period=period.label(fmt.lang))
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if note:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(note, SECTION_TEXT))))
    if not listing.goals:
        empty = fmt.t(
            "goal.list.empty_manager" if can_set else "goal.list.empty", period=period.label(fmt.lang)
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=empty)))
        return Reply(text=f"{title}\n{empty}", blocks=as_dicts(blocks))
    groups: dict[str, list[str]] = {"company": [], "team": [], "person": []}
    for goal in listing.goals:
        groups[goal.scope].append(_list_line(fmt, goal, listing))
    lines: list[str] = []
    for scope, heading in (
        ("company", "goal.list.company"),
        ("team", "goal.list.teams"),
        ("person", "goal.list.people"),
    ):
        if groups[scope]:
            lines.append(fmt.t(heading))
            lines.extend(groups[scope])
    # Sections of whole lines; the header, a note, the hint and a "more" line stay inside 50 blocks.
    chunk: list[str] = []
    for line in lines:
        if chunk and (sum(len(x) + 1 for x in chunk) + len(line) > SECTION_TEXT or line.startswith("*")):
            blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            chunk = []
        chunk.append(clip(line, SECTION_TEXT))
    if chunk:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    blocks = blocks[: MESSAGE_BLOCKS - 2]
    footer = [fmt.t("goal.list.hint")]
    if listing.total > len(listing.goals):
        footer.insert(0, fmt.t("goal.list.more", count=listing.total - len(listing.goals)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(" ".join(footer), CONTEXT_TEXT))]))
    return Reply(text=clip("\n".join([title, *lines]), SECTION_TEXT), blocks=as_dicts(blocks))


def _list_line(fmt: Formatter, goal, listing: GoalListing) -> str:
    if goal.scope == "person":
        person = listing.people.get(goal.person_id)
        subject = mention(person.slack_user_id) if person else "?"
    elif goal.scope == "team":
        team = listing.teams.get(goal.team_id)
        subject = f"*{mrkdwn_escape(team.name)}*" if team else "?"
    else:
        subject = fmt.t(f"goal.metric.{goal.metric}")
    count = listing.revision_counts.get(goal.id, 0)
    return fmt.t(
        "goal.list.line",
        subject=subject,
        target=target_text(fmt, goal.metric, goal.target),
        period=goal_period(goal).label(fmt.lang),
        product=product_suffix(fmt, listing.products.get(goal.product_id)),
        revisions=fmt.t("goal.list.revisions", count=count) if count else "",
    )


def build_goal_history(
    fmt: Formatter,
    subject: Subject,
    entries: list[GoalHistory],
    period: Period | None,
    *,
    limit: int,
    tz: str,
) -> Reply:
    who = subject_text(fmt, subject)
    title = fmt.t("goal.history.title", subject=_plain_subject(fmt, subject))
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if not entries:
        empty = (
            fmt.t("goal.history.empty_period", subject=who, period=period.label(fmt.lang))
            if period
            else fmt.t("goal.history.empty", subject=who)
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=empty)))
        return Reply(text=f"{mrkdwn_escape(title)}\n{empty}", blocks=as_dicts(blocks))
    texts = [mrkdwn_escape(title)]  # the header is plain_text, the fallback mrkdwn
    for entry in entries:
        goal = entry.goal
        setter = entry.people.get(goal.created_by_id)
        status = (
            ""
            if goal.status == "open"
            else fmt.t("goal.history.status", status=fmt.t(f"status.{goal.status}"))
        )
        head = fmt.t(
            "goal.history.goal",
            period=goal_period(goal).label(fmt.lang),
            product=product_suffix(fmt, entry.product),
            target=target_text(fmt, goal.metric, goal.target),
            setter=mention(setter.slack_user_id) if setter else fmt.t("goal.history.someone"),
            date=_day(fmt, goal.created_at, tz),
            status=status,
        )
        lines = [
            fmt.t(
                "goal.history.revision",
                date=_day(fmt, revision.created_at, tz),
                old=target_text(fmt, goal.metric, revision.old_target),
                new=target_text(fmt, goal.metric, revision.new_target),
                reason=reason_text(fmt, revision.reason_category, revision.reason_text),
                who=_who(fmt, entry.people.get(revision.revised_by_id)),
            )
            for revision in entry.revisions
        ] or [fmt.t("goal.history.no_revisions")]
        if entry.revision_count > len(entry.revisions):
            lines.append(fmt.t("goal.history.earlier", count=entry.revision_count - len(entry.revisions)))
        text = clip("\n".join([head, *lines]), SECTION_TEXT)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
        texts.append(text)
    if len(entries) >= limit and period is None:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=fmt.t("goal.history.more", count=limit))])
        )
    return Reply(text=clip("\n".join(texts), SECTION_TEXT), blocks=as_dicts(blocks[:MESSAGE_BLOCKS]))


def _who(fmt: Formatter, person) -> str:
    return mention(person.slack_user_id) if person else fmt.t("goal.history.someone")


def _day(fmt: Formatter, moment: datetime, tz: str) -> str:
    """The local day of a stored UTC timestamp."""
    if moment.tzinfo is None:  # SQLite returns naive datetimes; they are stored as UTC
        moment = moment.replace(tzinfo=UTC)
    return fmt.date(moment.astimezone(ZoneInfo(tz)).date())
