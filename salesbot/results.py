"""Sales in a period: whose a reader asked for, and the list's pages with their totals.

``/sales results [@user | team:NAME | company] [PERIOD]`` (also ``/sales result list …``) reads
with the grammar ``/sales progress`` uses; no one named is the reader's own sales, no period the
current one of the workspace's default kind. Every sale ordered in the period is listed, open or
closed, the newest order first. Who may see whose is the rule every list of sales follows
(``salesbot.orders.sales_to_list``), checked on every page.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from salesbot.access import Actor
from salesbot.goals import default_period, parse_goal_query
from salesbot.orders import COMPANY, PERSON, TEAM, ListStore, Whose, sales_to_list
from salesbot.periods import Period
from salesbot.records import InWorkspace, PersonFinder, SaleRecord
from salesbot.teams import find_team


@dataclass(frozen=True)
class SalesTally:
    """A period's sales counted: how many, the amount won (every sale not lost), how many lost."""

    count: int = 0
    won: Decimal = Decimal(0)
    lost: int = 0


class ResultsStore(ListStore, InWorkspace, Protocol):
    """What listing a period's sales needs of the store."""

    def sales_ordered_in(
        self, person_ids: Collection[int] | None, start: date, end: date, *, limit: int, offset: int = 0
    ) -> Sequence[SaleRecord]: ...
    def tally_sales_ordered_in(
        self, person_ids: Collection[int] | None, start: date, end: date
    ) -> SalesTally: ...


@dataclass(frozen=True)
class ResultsAsk:
    """Whose sales, in which period."""

    whose: Whose
    period: Period


@dataclass(frozen=True)
class ResultsPage:
    """One page of a period's sales, as the reader may see them."""

    whose: Whose
    period: Period
    name: str  # the person's or the team's; empty for the company
    mine: bool  # the reader's own sales
    sales: list[SaleRecord]
    tally: SalesTally  # of the whole period, not just this page
    page: int  # 1 to ``pages``
    size: int  # sales a page holds

    @property
    def pages(self) -> int:
        return max(-(-self.tally.count // self.size), 1)


def read_results_ask(
    store: ResultsStore, actor: Actor, text: str, *, today: date, find_person: PersonFinder
) -> ResultsAsk:
    """``[@user | team:NAME | company] [PERIOD]``, read as ``/sales progress`` reads it."""
    query = parse_goal_query(text, lang=actor.lang, today=today, team_names=store.team_names, area="results")
    if query.team_name:
        whose = Whose(TEAM, find_team(store, query.team_name, example="results.example").id)
    elif query.company:
        whose = Whose(COMPANY)
    elif query.user_id:
        whose = Whose(PERSON, find_person(query.user_id).id)
    else:
        whose = Whose(PERSON, actor.person_id)
    return ResultsAsk(whose=whose, period=query.period or default_period(store, today))


def results_page(
    store: ResultsStore, actor: Actor, whose: Whose, period: Period, *, page: int, size: int
) -> ResultsPage:
    """Page ``page`` (from 1) of ``whose`` sales ordered in ``period``, ``size`` to a page, if
    ``actor`` may see them. A page past the end (a deletion may have emptied the last one) is
    the last page."""
    listed = sales_to_list(store, actor, whose, area="results")
    if listed.person_ids == []:
        tally, shown, page = SalesTally(), [], 1
    else:
        tally = store.tally_sales_ordered_in(listed.person_ids, period.start, period.end)
        page = max(min(page, -(-tally.count // size)), 1)
        shown = list(
            store.sales_ordered_in(
                listed.person_ids, period.start, period.end, limit=size, offset=(page - 1) * size
            )
        )
    return ResultsPage(
        whose=whose,
        period=period,
        name=listed.name,
        mine=listed.mine,
        sales=shown,
        tally=tally,
        page=page,
        size=size,
    )
