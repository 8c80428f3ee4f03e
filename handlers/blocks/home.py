"""The App Home tab: each person's dashboard.

The first page holds the person's own goals and open orders; then, for an admin, the company:
its goals, every team's status (worst first) and the people behind pace or at risk (the most
behind named, the rest counted); then the person's teams, the teams they manage first, each
with its goals and (for managers) its people, behind pace first. All of it is paged so a page
never passes Slack's 100 blocks, whatever the company's size: a page button republishes the
tab at another page.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from handlers import ids
from handlers.blocks.common import (
    BUTTON_TEXT,
    HEADER_TEXT,
    MODAL_BLOCKS,
    SECTION_TEXT,
    as_dicts,
    clip,
    join_within,
    mention,
    mrkdwn_escape,
)
from handlers.blocks.diagnosis import diagnose_button
from handlers.blocks.progress import (
    STATUS_EMOJI,
    context_block,
    goal_text,
    no_goal_of_yours,
    section_block,
)
from handlers.blocks.sales import open_order_blocks
from salesbot.access import Actor, Role
from salesbot.goals import goal_period
from salesbot.i18n import Formatter
from salesbot.pacing import progress_bar
from salesbot.progress import BEHIND, NO_GOAL, CompanyView, Dashboard, PersonStatus, TeamOverview, TeamStatus

HOME_BLOCKS = MODAL_BLOCKS  # a Home tab holds at most 100 blocks, like a modal
HOME_ORDERS = 5
HOME_GOALS = 8
PEOPLE_PER_SECTION = 10
TEAMS_PER_SECTION = 10
# The people behind pace an admin's company view names; the rest are counted.
COMPANY_BEHIND = 3 * PEOPLE_PER_SECTION
# People sections per page: beyond about 60 names a page is a wall, not a dashboard.
PEOPLE_SECTIONS_PER_PAGE = 6
# Room kept on every page for the page buttons, the footer and a "(continued)" line.
_PAGE_FRAME = 3
_PEOPLE_NO_GOAL_TEXT = SECTION_TEXT - 200


@dataclass(frozen=True)
class _Item:
    """One step of the paged part: a title (the company's, a team's), one goal, or a section of
    a list (teams, people). A page that begins inside a part says so first: ``continued``."""

    continued: str
    blocks: list[Block]
    kind: str  # title | goal | people


def build_home(
    fmt: Formatter,
    actor: Actor,
    dashboard: Dashboard,
    *,
    orders: Sequence = (),
    open_count: int = 0,
    order_labels=None,
    trainings: Sequence[Block] = (),
    diagnoses: Sequence[Block] = (),
    coaching: Sequence[Block] = (),
    diagnosable: Collection[int] = (),
    kudos: Sequence[Block] = (),
    goal_talks: Sequence[Block] = (),
    page: int = 0,
) -> dict:
    """The Home view at ``page`` (clamped to the pages there are); ``orders`` are the first open
    ones, ``trainings`` the blocks of the person's trainings due (``blocks.training.home_trainings``),
    ``diagnoses`` a manager's open diagnoses (``blocks.diagnosis.home_diagnoses``), ``coaching``
    the coaching plans a manager follows and the person's own (``blocks.coaching``), ``kudos`` the
    reader's kudos of the period; the people behind pace in ``diagnosable`` (person ids: the
    reader may diagnose them) carry Diagnose; ``goal_talks`` the goals awaiting the reader's
    acknowledgement and those under discussion (``blocks.goal_talks.home_goal_talks``)."""
    top = _top(fmt, actor, dashboard)
    mine = (
        _my_goals(fmt, dashboard, actor.role)
        + list(goal_talks)
        + list(trainings)
        + list(diagnoses)
        + list(coaching)
        + list(kudos)
        + _my_orders(fmt, orders, open_count, order_labels, dashboard)
    )
    company = dashboard.company
    items = _company_items(fmt, company, dashboard, diagnosable) if company is not None else []
    items += _team_items(fmt, dashboard, diagnosable)
    later_room = HOME_BLOCKS - _PAGE_FRAME - len(top)
    pages = _paginate(items, first_room=later_room - len(mine), later_room=later_room)
    page = min(max(page, 0), len(pages) - 1)
    blocks = top + mine if page == 0 else top
    items = pages[page]
    if items and items[0].kind != "title":
        blocks.append(context_block(items[0].continued))
    for item in items:
        blocks += item.blocks
    footer = fmt.t("home.footer")
    if len(pages) > 1:
        blocks.append(_page_buttons(fmt, page, len(pages)))
        footer = fmt.t("home.page", page=page + 1, pages=len(pages)) + " · " + footer
    blocks.append(context_block(footer))
    return {"type": "home", "blocks": as_dicts(blocks)}


def _top(fmt: Formatter, actor: Actor, dashboard: Dashboard) -> list[Block]:
    more = fmt.t("list.more", count="{count}")
    lines = [fmt.t("home.intro", role=fmt.t(f"role.{actor.role.value}"))]
    if dashboard.member_of:
        teams = join_within([mrkdwn_escape(t.name) for t in dashboard.member_of], SECTION_TEXT // 3, more)
        lines.append(fmt.t("home.member_of", teams=teams))
    if dashboard.manages:
        teams = join_within([mrkdwn_escape(t.name) for t in dashboard.manages], SECTION_TEXT // 3, more)
        lines.append(fmt.t("home.manages", teams=teams))
    if actor.is_admin:
        lines.append(fmt.t("home.admin_company"))
    elif not dashboard.member_of and not dashboard.manages:
        lines.append(fmt.t("home.no_team"))
    work = [
        _button(fmt.t("home.button.record_sale"), ids.OPEN_RESULT_MODAL, style="primary"),
        _button(fmt.t("home.button.open_orders"), ids.SHOW_OPEN_ORDERS),
        _button(fmt.t("home.button.my_sales"), ids.SHOW_MY_SALES),
        _button(fmt.t("home.button.progress"), ids.SHOW_PROGRESS),
        _button(fmt.t("home.button.leaderboard"), ids.SHOW_LEADERBOARD),
    ]
    other = [_button(fmt.t("help.button.help"), ids.SHOW_HELP)]
    if actor.is_admin:
        other.append(_button(fmt.t("help.button.settings"), ids.OPEN_SETTINGS))
    other += [
        _button(fmt.t("help.button.preferences"), ids.OPEN_PREFERENCES),
        _button(fmt.t("help.button.teams"), ids.SHOW_TEAMS),
        _button(fmt.t("help.button.products"), ids.SHOW_PRODUCTS),
        _button(fmt.t("home.button.training"), ids.SHOW_TRAINING_LIBRARY),
    ]
    return [
        HeaderBlock(text=clip(fmt.t("home.title", name=actor.name), HEADER_TEXT)),
        SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines), SECTION_TEXT))),
        ActionsBlock(block_id="home_buttons", elements=work),
        ActionsBlock(block_id="home_more", elements=other),
    ]


def _my_goals(fmt: Formatter, dashboard: Dashboard, role: Role) -> list[Block]:
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text=fmt.t("home.my_goals"))]
    if not dashboard.goals:
        return [*blocks, section_block(no_goal_of_yours(fmt, role))]
    you = fmt.t("progress.subject.you")
    for item in dashboard.goals[:HOME_GOALS]:
        blocks.append(section_block(goal_text(fmt, item, subject=you, today=dashboard.today)))
    if len(dashboard.goals) > HOME_GOALS:
        blocks.append(context_block(fmt.t("home.more_goals", count=len(dashboard.goals) - HOME_GOALS)))
    return blocks


def _my_orders(fmt: Formatter, orders: Sequence, count: int, labels, dashboard: Dashboard) -> list[Block]:
    blocks: list[Block] = [
        DividerBlock(),
        HeaderBlock(text=clip(fmt.t("home.orders_title", count=fmt.number(count)), HEADER_TEXT)),
    ]
    if not orders:
        return [*blocks, section_block(fmt.t("home.orders_none"))]
    shown = list(orders)[:HOME_ORDERS]
    blocks += open_order_blocks(fmt, shown, today=dashboard.today, labels=labels)
    if count > len(shown):
        blocks.append(context_block(fmt.t("home.orders_more", count=fmt.number(count - len(shown)))))
    return blocks


# -- the company (admins), paged ------------------------------------------------------------------


def _company_items(
    fmt: Formatter, company: CompanyView, dashboard: Dashboard, diagnosable: Collection[int]
) -> list[_Item]:
    """The company's goals, its teams worst first, then the people behind pace, most behind first."""
    continued = fmt.t("home.company_continued")
    title = [DividerBlock(), HeaderBlock(text=clip(fmt.t("home.company_title"), HEADER_TEXT))]
    items = [_Item(continued, title, "title")]
    subject = fmt.t("progress.subject.company")
    if not company.goals:
        items.append(_Item(continued, [section_block(fmt.t("home.company_no_goal"))], "goal"))
    for goal in company.goals[:HOME_GOALS]:
        text = goal_text(fmt, goal, subject=subject, today=dashboard.today)
        items.append(_Item(continued, [section_block(text)], "goal"))
    if len(company.goals) > HOME_GOALS:
        more = fmt.t("home.more_goals", count=fmt.number(len(company.goals) - HOME_GOALS))
        items.append(_Item(continued, [context_block(more)], "goal"))

    teams = [_team_status_line(fmt, status) for status in company.teams]
    heading = (
        fmt.t("home.company_teams", count=fmt.number(len(teams))) if teams else fmt.t("home.company_no_teams")
    )
    items += _list_items(continued, heading, teams, TEAMS_PER_SECTION)

    named = company.behind[:COMPANY_BEHIND]
    if named:
        heading = fmt.t(
            "home.company_behind", count=fmt.number(len(company.behind)), total=fmt.number(company.with_goal)
        )
    elif company.with_goal:
        heading = fmt.plural("home.company_none_behind", company.with_goal)
    else:
        heading = fmt.t("home.company_no_person_goal")
    people = _list_items(continued, heading, [_person_line(fmt, s) for s in named], PEOPLE_PER_SECTION)
    for n, item in enumerate(people):
        row = _diagnose_row(fmt, named[n * PEOPLE_PER_SECTION : (n + 1) * PEOPLE_PER_SECTION], diagnosable)
        items.append(_Item(continued, item.blocks + row, item.kind))
    if len(company.behind) > len(named):
        more = fmt.t("home.company_behind_more", count=fmt.number(len(company.behind) - len(named)))
        items.append(_Item(continued, [context_block(more)], "goal"))
    return items


def _list_items(continued: str, heading: str, lines: list[str], per_section: int) -> list[_Item]:
    """``lines`` in sections of ``per_section``, the first headed by ``heading``."""
    chunks = [lines[start : start + per_section] for start in range(0, len(lines), per_section)] or [[]]
    chunks[0] = [heading, *chunks[0]]
    return [_Item(continued, [section_block("\n".join(chunk))], "people") for chunk in chunks]


def _team_status_line(fmt: Formatter, status: TeamStatus) -> str:
    if not status.size:
        people = fmt.t("home.company_team_empty")
    else:
        people = fmt.plural("home.company_team_people", status.size, behind=fmt.number(status.behind))
    team = mrkdwn_escape(status.name)
    if status.goal is None:
        return fmt.t("home.company_team_no_goal", emoji=STATUS_EMOJI[NO_GOAL], team=team, people=people)
    goal, progress = status.goal.goal, status.goal.progress
    metric = fmt.t(f"progress.metric.{goal.metric}")
    if status.goal.product:
        metric += " · " + fmt.t("progress.product", product=mrkdwn_escape(status.goal.product))
    return fmt.t(
        "home.company_team",
        team=team,
        bar=progress_bar(progress.attainment),
        percent=fmt.percent(progress.attainment),
        emoji=STATUS_EMOJI[progress.status],
        status=fmt.t(f"status.{progress.status}"),
        metric=metric,
        period=goal_period(goal).label(fmt.lang),
        people=people,
    )


# -- teams, paged --------------------------------------------------------------------------------


def _diagnose_row(
    fmt: Formatter, statuses: Sequence[PersonStatus], diagnosable: Collection[int]
) -> list[Block]:
    """Diagnose for each person behind pace in ``statuses`` the reader may diagnose, for the
    period of the goal they are behind on (none: no block)."""
    found = [
        diagnose_button(
            fmt, "person", s.person.id, goal_period(s.goal), name=clip(s.person.name, BUTTON_TEXT - 20), n=n
        )
        for n, s in enumerate(statuses)
        if s.person.id in diagnosable and s.status in BEHIND and s.goal is not None
    ]
    return [ActionsBlock(elements=found)] if found else []


def _team_items(fmt: Formatter, dashboard: Dashboard, diagnosable: Collection[int]) -> list[_Item]:
    items: list[_Item] = []
    for overview in dashboard.teams:
        name = mrkdwn_escape(overview.team.name)
        continued = fmt.t("home.continued", team=name)
        subject = fmt.t("progress.subject.team", name=name)
        items.append(_Item(continued, [DividerBlock(), section_block(_team_title(fmt, overview))], "title"))
        for goal in overview.goals:
            items.append(
                _Item(
                    continued,
                    [section_block(goal_text(fmt, goal, subject=subject, today=dashboard.today))],
                    "goal",
                )
            )
        with_goal = [status for status in overview.people if status.progress is not None]
        for start in range(0, len(with_goal), PEOPLE_PER_SECTION):
            chunk = with_goal[start : start + PEOPLE_PER_SECTION]
            lines = [_person_line(fmt, s) for s in chunk]
            row = _diagnose_row(fmt, chunk, diagnosable) if overview.managed else []
            items.append(_Item(continued, [section_block("\n".join(lines)), *row], "people"))
        without = [mention(s.person.slack_user_id) for s in overview.people if s.progress is None]
        if without:
            more = fmt.t("list.more", count="{count}")
            text = fmt.t("home.people_no_goal", people=join_within(without, _PEOPLE_NO_GOAL_TEXT, more))
            items.append(_Item(continued, [section_block(text)], "people"))
    return items


def _team_title(fmt: Formatter, overview: TeamOverview) -> str:
    if overview.managed:
        behind = sum(1 for status in overview.people if status.status in BEHIND)
        title = fmt.t(
            "home.team_managed",
            team=mrkdwn_escape(overview.team.name),
            count=fmt.number(len(overview.people)),
            behind=fmt.number(behind),
        )
    else:
        title = fmt.t("home.team_member", team=mrkdwn_escape(overview.team.name))
    if not overview.goals:
        title += "\n" + fmt.t("home.team_no_goal")
    return title


def _person_line(fmt: Formatter, status: PersonStatus) -> str:
    progress = status.progress
    return (
        f"{STATUS_EMOJI[status.status]} {mention(status.person.slack_user_id)} "
        f"{progress_bar(progress.attainment)} {fmt.percent(progress.attainment)} · "
        f"{fmt.t(f'status.{status.status}')} · {fmt.t(f'progress.metric.{status.goal.metric}')}"
    )


def _paginate(items: list[_Item], *, first_room: int, later_room: int) -> list[list[_Item]]:
    """Items split into pages of at most ``first_room`` blocks (the first page also holds the
    person's own goals and orders), then ``later_room``."""
    pages: list[list[_Item]] = [[]]
    used = people = 0
    for item in items:
        room = first_room if len(pages) == 1 else later_room
        full = used + len(item.blocks) > room
        if full or (item.kind == "people" and people >= PEOPLE_SECTIONS_PER_PAGE):
            pages.append([])
            used = people = 0
        pages[-1].append(item)
        used += len(item.blocks)
        people += item.kind == "people"
    return pages


def _page_buttons(fmt: Formatter, page: int, pages: int) -> ActionsBlock:
    # Each button's action id carries its page: two buttons in one block need distinct ids.
    buttons = []
    if page > 0:
        buttons.append(
            _button(fmt.t("home.page_previous"), f"{ids.HOME_PAGE}:{page - 1}", value=str(page - 1))
        )
    if page < pages - 1:
        buttons.append(_button(fmt.t("home.page_next"), f"{ids.HOME_PAGE}:{page + 1}", value=str(page + 1)))
    return ActionsBlock(block_id="home_pages", elements=buttons)


def _button(
    text: str, action_id: str, *, value: str | None = None, style: str | None = None
) -> ButtonElement:
    return ButtonElement(text=clip(text, BUTTON_TEXT), action_id=action_id, value=value, style=style)
