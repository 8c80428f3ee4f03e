"""What's working: win stories told after a sale, the workspace's list of techniques, and the
report that spreads what works (SPEC 1.5).

The rules, one function each:

- A win story says what worked in one sale: techniques from the workspace's list and a short
  note. One per sale: a second share edits the first. Who may tell it: the sale's owner, their
  managers and admins (``salesbot.sales.may_change_sale``); a lost sale has none.
- The technique list is the workspace's: seeded with ``DEFAULT_TECHNIQUES`` on first use (shown
  in each reader's language), edited by admins (add, rename, retire). A technique in use is
  retired, never deleted, so old stories keep counting it.
- The report (``/sales working [PERIOD] [team:NAME]``): top products by revenue in the period
  and by growth against the previous period of the same length; techniques by wins and by the
  value of the sales they were used in; the best customer comments (the highest scores with a
  comment, only those the reader may see: ``salesbot.feedback.may_see_feedback``); and the stage
  with the lowest satisfaction, with its number of answers. Every figure is a SQL aggregate.
- A public share (the announcement channel, a digest) shows only the parts chosen, and never
  comments unless the manager sharing ticked them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from salesbot import feedback
from salesbot.access import Actor, Role, require_admin, require_manager
from salesbot.digests import EXTRA_SOURCES, Extra
from salesbot.errors import Conflict, FieldCheck, InvalidInput, NotFound, PermissionDenied
from salesbot.feedback import Satisfaction, satisfaction
from salesbot.goals import Subject, default_period, parse_goal_query
from salesbot.i18n import LANGUAGES, Formatter, t
from salesbot.periods import Period
from salesbot.products import ProductLookup
from salesbot.records import (
    AuditTrail,
    InWorkspace,
    SaleRecord,
    TeamRecord,
    TechniqueRecord,
    WinStoryRecord,
)
from salesbot.sales import may_change_sale, sale_state
from salesbot.teams import TeamLookup, find_team

# The techniques a workspace starts with; their labels are ``working.technique.<key>``.
DEFAULT_TECHNIQUES = ("referral", "product_demo", "bundle_offer", "follow_up_call", "upsell")
NOTE_MAX = 500
LABEL_MAX = 60
TOP = 3  # products and comments shown in each list
TOP_TECHNIQUES = 5  # a workspace's list is short: most of it is worth showing

# The parts of the report a manager may share with everyone.
PRODUCTS, TECHNIQUES, COMMENTS, STAGE = "products", "techniques", "comments", "stage"
PARTS = (PRODUCTS, TECHNIQUES, COMMENTS, STAGE)

# Field names used in errors, so a form can show each error on its own field.
F_TECHNIQUES, F_NOTE, F_PARTS = "techniques", "note", "parts"

TECHNIQUE_WORDS = ("techniques", "technique", "teknikker", "teknikk")
ADD_WORDS, RENAME_WORDS = ("add", "legg"), ("rename", "omdøp", "endre")
RETIRE_WORDS = ("retire", "fas", "fase")
# "legg til", "fas ut": the second word of the Norwegian verbs.
_PARTICLES = {"legg": "til", "fas": "ut", "fase": "ut"}
RENAME_SEPARATORS = ("to", "til")


# -- what storage gives ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductSum:
    """A product's sales in a period (``product_id`` None: sales without a product)."""

    product_id: int | None
    amount: Decimal
    deals: int


@dataclass(frozen=True)
class TechniqueSum:
    """A technique's wins (the stories that name it) and the value of their sales."""

    technique_id: int
    wins: int
    value: Decimal


@dataclass(frozen=True)
class CustomerComment:
    score: int
    comment: str
    customer: str
    stage: str
    person_id: int | None
    given_on: date


class WorkingStore(TeamLookup, ProductLookup, InWorkspace, AuditTrail, Protocol):
    """What win stories, the technique list and the report need of the store."""

    def sale(self, sale_id: int) -> SaleRecord | None: ...
    def techniques(self) -> Sequence[TechniqueRecord]: ...
    def seed_techniques(self, keys: Sequence[str]) -> None: ...
    def add_technique(self, *, key: str, label: str) -> TechniqueRecord: ...
    def technique_in_use(self, technique_id: int) -> bool: ...
    def delete_technique(self, technique_id: int) -> None: ...
    def win_story_for_sale(self, sale_id: int) -> WinStoryRecord | None: ...
    def story_technique_ids(self, story_id: int) -> list[int]: ...
    def save_win_story(
        self, *, sale: SaleRecord, note: str, technique_ids: Collection[int], actor_id: int
    ) -> tuple[WinStoryRecord, bool]: ...
    def product_sums(self, start: date, end: date, team_id: int | None = None) -> list[ProductSum]: ...
    def technique_sums(self, start: date, end: date, team_id: int | None = None) -> list[TechniqueSum]: ...
    def stage_scores(
        self, start: date, end: date, scale: str, team_id: int | None = None
    ) -> Mapping[str, Mapping[int, int]]: ...
    def best_comments(
        self,
        start: date,
        end: date,
        scale: str,
        *,
        team_id: int | None = None,
        about: Collection[int] | None = None,
        limit: int = TOP,
    ) -> list[CustomerComment]: ...


# -- the technique list ------------------------------------------------------------------------


def technique_label(technique: TechniqueRecord, lang: str) -> str:
    """A default's label in the reader's language, unless an admin renamed it."""
    return technique.label or t(lang, f"working.technique.{technique.key}")


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def technique_list(store: WorkingStore, *, include_retired: bool = False) -> list[TechniqueRecord]:
    """The workspace's techniques, the defaults written the first time the list is asked for."""
    found = list(store.techniques())
    if not found:
        store.seed_techniques(DEFAULT_TECHNIQUES)
        found = list(store.techniques())
    return [tech for tech in found if include_retired or tech.active]


def find_technique(store: WorkingStore, name: str, *, include_retired: bool = False) -> TechniqueRecord:
    """The technique called ``name`` in any language salesbot speaks, regardless of case."""
    wanted = _key(name)
    for tech in technique_list(store, include_retired=include_retired):
        names = {tech.key, _key(tech.label)} | {_key(technique_label(tech, lang)) for lang in LANGUAGES}
        if wanted in names:
            return tech
    raise NotFound("working.technique_not_found", example="working.techniques_usage", name=name)


def _check_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise InvalidInput("working.technique_name_missing", example="working.techniques_usage")
    if len(label) > LABEL_MAX:
        raise InvalidInput(
            "working.technique_name_too_long", example="working.techniques_usage", max=LABEL_MAX
        )
    return label


def _taken(store: WorkingStore, label: str, but: int | None = None) -> TechniqueRecord | None:
    try:
        tech = find_technique(store, label, include_retired=True)
    except NotFound:
        return None
    return None if tech.id == but else tech


def add_technique(store: WorkingStore, actor: Actor, label: str) -> TechniqueRecord:
    """Adds a technique (a retired one of the same name is brought back)."""
    require_admin(actor, "working techniques add")
    label = _check_label(label)
    existing = _taken(store, label)
    if existing is not None:
        if existing.active:
            raise Conflict("working.technique_exists", name=label)
        existing.active = True
        store.audit(
            actor_id=actor.person_id, action="technique.restored", entity="technique", entity_id=existing.id
        )
        return existing
    tech = store.add_technique(key=_key(label), label=label)
    store.audit(actor_id=actor.person_id, action="technique.added", entity="technique", entity_id=tech.id)
    return tech


def rename_technique(store: WorkingStore, actor: Actor, old: str, new: str) -> TechniqueRecord:
    """Renames a technique; its stories keep it (the key stays: a default stays a default)."""
    require_admin(actor, "working techniques rename")
    tech = find_technique(store, old, include_retired=True)
    new = _check_label(new)
    if _taken(store, new, but=tech.id) is not None:
        raise Conflict("working.technique_exists", name=new)
    before = tech.label
    tech.label = new
    store.audit(
        actor_id=actor.person_id,
        action="technique.renamed",
        entity="technique",
        entity_id=tech.id,
        old=before,
        new=new,
    )
    return tech


def retire_technique(store: WorkingStore, actor: Actor, name: str) -> tuple[str, bool]:
    """Takes a technique off the list: retired when a story names it (so it keeps counting),
    else deleted. Returns its label and whether it was kept as retired."""
    require_admin(actor, "working techniques retire")
    tech = find_technique(store, name)
    label = technique_label(tech, actor.lang)
    kept = store.technique_in_use(tech.id)
    if kept:
        tech.active = False
    else:
        store.delete_technique(tech.id)
    action = "technique.retired" if kept else "technique.deleted"
    store.audit(actor_id=actor.person_id, action=action, entity="technique", entity_id=tech.id)
    return label, kept


@dataclass(frozen=True)
class TechniquesCommand:
    action: str  # list | add | rename | retire
    name: str = ""
    new_name: str = ""


def parse_techniques(text: str) -> TechniquesCommand:
    """``[add NAME | rename OLD to NEW | retire NAME]`` (nb ``legg til``, ``omdøp … til`` or
    ``endre … til``, ``fas ut``)."""
    words = text.split()
    if not words:
        return TechniquesCommand("list")
    verb, rest = words[0].casefold(), words[1:]
    if verb in _PARTICLES and rest and rest[0].casefold() == _PARTICLES[verb]:
        rest = rest[1:]
    if verb in ADD_WORDS:
        return TechniquesCommand("add", name=" ".join(rest))
    if verb in RETIRE_WORDS:
        if not rest:
            raise InvalidInput("working.technique_name_missing", example="working.techniques_usage")
        return TechniquesCommand("retire", name=" ".join(rest))
    if verb in RENAME_WORDS:
        cut = next((i for i, w in enumerate(rest) if w.casefold() in RENAME_SEPARATORS and i), None)
        if cut is None or cut == len(rest) - 1:
            raise InvalidInput("working.rename_form", example="working.techniques_usage")
        return TechniquesCommand("rename", name=" ".join(rest[:cut]), new_name=" ".join(rest[cut + 1 :]))
    raise InvalidInput("working.techniques_unknown", example="working.techniques_usage", text=words[0])


# -- win stories -------------------------------------------------------------------------------


def sale_for_story(store: WorkingStore, actor: Actor, sale_id: int) -> SaleRecord:
    """The sale whose story ``actor`` may tell: their own, their people's (managers), any (admins)."""
    sale = store.sale(sale_id)
    if sale is None:
        raise NotFound("sale.not_found")
    if not may_change_sale(actor, sale.person_id):
        raise PermissionDenied("working.story_not_allowed")
    if sale_state(sale) == "lost":
        raise InvalidInput("working.story_lost_sale")
    return sale


@dataclass(frozen=True)
class StoryShared:
    story: WinStoryRecord
    created: bool
    technique_ids: tuple[int, ...]


def share_story(
    store: WorkingStore, actor: Actor, sale_id: int, *, technique_ids: Collection[int], note: str
) -> StoryShared:
    """Saves what worked in a sale: the first share creates its story, a later one edits it.

    Checked whole: techniques must be on the list; the note at most ``NOTE_MAX`` characters;
    at least a technique or a note."""
    sale = sale_for_story(store, actor, sale_id)
    note = (note or "").strip()
    active = {tech.id for tech in technique_list(store)}
    chosen = tuple(dict.fromkeys(technique_ids))
    check = FieldCheck()
    if any(tid not in active for tid in chosen):
        check.refuse(F_TECHNIQUES, InvalidInput("working.technique_unknown", field=F_TECHNIQUES))
    if len(note) > NOTE_MAX:
        check.refuse(
            F_NOTE, InvalidInput("working.note_too_long", field=F_NOTE, max=NOTE_MAX, length=len(note))
        )
    if not chosen and not note:
        check.refuse(F_TECHNIQUES, InvalidInput("working.story_empty", field=F_TECHNIQUES))
    check.done()
    story, created = store.save_win_story(
        sale=sale, note=note, technique_ids=chosen, actor_id=actor.person_id
    )
    store.audit(
        actor_id=actor.person_id,
        action="win_story.shared" if created else "win_story.edited",
        entity="win_story",
        entity_id=story.id,
        sale_id=sale.id,
        techniques=list(chosen),
    )
    return StoryShared(story, created, chosen)


# -- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingAsk:
    period: Period
    team: TeamRecord | None = None


def read_working_ask(store: WorkingStore, text: str, *, today: date, lang: str) -> WorkingAsk:
    """``[PERIOD] [team:NAME]``, the grammar progress reads; no period: the workspace's default."""
    query = parse_goal_query(text, lang=lang, today=today, team_names=store.team_names, area="working")
    if query.user_id:
        raise InvalidInput("working.no_person", example="working.example")
    team = find_team(store, query.team_name, example="working.example") if query.team_name else None
    return WorkingAsk(period=query.period or default_period(store, today), team=team)


def previous_period(period: Period) -> Period:
    """The period before, of the same length: the month, quarter or year before; a range's
    own length before it."""
    return period.previous()


@dataclass(frozen=True)
class ProductFigure:
    product_id: int | None
    name: str
    amount: Decimal
    deals: int
    previous: Decimal = Decimal(0)

    @property
    def growth(self) -> Decimal:
        return self.amount - self.previous

    @property
    def growth_ratio(self) -> float | None:
        """Growth as a share of the previous period's revenue; None when it sold nothing then."""
        return float(self.growth / self.previous) if self.previous else None


@dataclass(frozen=True)
class TechniqueFigure:
    technique: TechniqueRecord
    label: str
    wins: int
    value: Decimal


@dataclass(frozen=True)
class StageFigure:
    stage: str
    figure: Satisfaction


@dataclass(frozen=True)
class WorkingReport:
    period: Period
    previous: Period
    team: TeamRecord | None
    scale: str
    by_revenue: list[ProductFigure] = field(default_factory=list)
    by_growth: list[ProductFigure] = field(default_factory=list)
    techniques: list[TechniqueFigure] = field(default_factory=list)
    comments: list[CustomerComment] = field(default_factory=list)
    lowest_stage: StageFigure | None = None
    # Whether the reader may share it with everyone (managers and admins).
    may_share: bool = False

    def has(self, part: str) -> bool:
        return bool(
            {
                PRODUCTS: self.by_revenue or self.by_growth,
                TECHNIQUES: self.techniques,
                COMMENTS: self.comments,
                STAGE: self.lowest_stage,
            }[part]
        )

    @property
    def empty(self) -> bool:
        return not any(self.has(part) for part in PARTS)


def comment_readers(actor: Actor | None) -> Collection[int] | None:
    """Whose comments ``actor`` may read, by rep (``may_see_feedback``): None for everyone's
    (admins); no actor (a public share, a digest): nobody's."""
    if actor is None:
        return ()
    if actor.is_admin:
        return None
    return frozenset({actor.person_id, *actor.managed_person_ids})


def working_report(
    store: WorkingStore,
    actor: Actor | None,
    *,
    period: Period,
    team: TeamRecord | None = None,
    lang: str = "en",
    top: int = TOP,
) -> WorkingReport:
    """The report for the company or ``team`` in ``period``. ``actor`` None: what anyone may
    read (a digest): no comments."""
    previous = previous_period(period)
    team_id = team.id if team is not None else None
    scale = store.workspace.feedback_scale
    names = {p.id: p.name for p in store.products(include_retired=True)}
    now = {s.product_id: s for s in store.product_sums(period.start, period.end, team_id)}
    before = {s.product_id: s.amount for s in store.product_sums(previous.start, previous.end, team_id)}
    figures = [
        ProductFigure(pid, names.get(pid, ""), s.amount, s.deals, before.get(pid, Decimal(0)))
        for pid, s in now.items()
        if pid is not None
    ]
    by_revenue = sorted(figures, key=lambda f: (-f.amount, f.name))[:top]
    # Growth needs a period before to grow from: with no sales in it at all (a new workspace,
    # history not yet imported) every product would read "new", which says nothing.
    grown = (f for f in figures if f.growth > 0) if before else ()
    by_growth = sorted(grown, key=lambda f: (-f.growth, f.name))[:top]
    listed = {tech.id: tech for tech in technique_list(store, include_retired=True)}
    techniques = [
        TechniqueFigure(
            listed[s.technique_id], technique_label(listed[s.technique_id], lang), s.wins, s.value
        )
        for s in store.technique_sums(period.start, period.end, team_id)
        if s.technique_id in listed
    ]
    techniques.sort(key=lambda f: (-f.wins, -f.value, f.label))
    readers = comment_readers(actor)
    comments = (
        []
        if readers == ()
        else store.best_comments(period.start, period.end, scale, team_id=team_id, about=readers, limit=top)
    )
    if actor is not None:
        comments = [c for c in comments if feedback.may_see_feedback(actor, c.person_id)]
    return WorkingReport(
        period=period,
        previous=previous,
        team=team,
        scale=scale,
        by_revenue=by_revenue,
        by_growth=by_growth,
        techniques=techniques[:TOP_TECHNIQUES],
        comments=comments,
        lowest_stage=lowest_stage(store.stage_scores(period.start, period.end, scale, team_id), scale),
        may_share=actor is not None and actor.role in (Role.ADMIN, Role.MANAGER),
    )


def lowest_stage(scores: Mapping[str, Mapping[int, int]], scale: str) -> StageFigure | None:
    """The stage whose answers give the lowest figure (fewer answers first on a tie)."""
    figures = [StageFigure(stage, satisfaction(scale, counts)) for stage, counts in scores.items() if counts]
    figures = [f for f in figures if f.figure.answers]
    if not figures:
        return None
    return min(figures, key=lambda f: (f.figure.figure, f.figure.answers, f.stage))


def require_may_share(actor: Actor) -> None:
    require_manager(actor, "working share")


def read_parts(chosen: Collection[str]) -> tuple[str, ...]:
    """The parts ticked for a public share, in the report's order; none ticked is refused."""
    parts = tuple(part for part in PARTS if part in chosen)
    if not parts:
        raise InvalidInput("working.share_nothing", field=F_PARTS)
    return parts


def public_report(report: WorkingReport, parts: Collection[str]) -> WorkingReport:
    """Only the parts chosen: whatever was not ticked is left out, comments above all."""
    return WorkingReport(
        period=report.period,
        previous=report.previous,
        team=report.team,
        scale=report.scale,
        by_revenue=report.by_revenue if PRODUCTS in parts else [],
        by_growth=report.by_growth if PRODUCTS in parts else [],
        techniques=report.techniques if TECHNIQUES in parts else [],
        comments=report.comments if COMMENTS in parts else [],
        lowest_stage=report.lowest_stage if STAGE in parts else None,
    )


# -- the digest section ------------------------------------------------------------------------


def report_lines(fmt: Formatter, report: WorkingReport) -> list[str]:
    """The report as short mrkdwn lines: a digest's section, the text fallback of a message."""
    lines = []
    if report.by_revenue:
        top = ", ".join(f"{f.name} {fmt.money(f.amount)}" for f in report.by_revenue)
        lines.append(fmt.t("working.line.revenue", products=top))
    if report.by_growth:
        top = ", ".join(f"{f.name} +{fmt.money(f.growth)}" for f in report.by_growth)
        lines.append(fmt.t("working.line.growth", products=top))
    if report.techniques:
        top = ", ".join(
            f"{f.label} ({fmt.plural('working.wins', f.wins)}, {fmt.money(f.value)})"
            for f in report.techniques
        )
        lines.append(fmt.t("working.line.techniques", techniques=top))
    if report.lowest_stage is not None:
        lines.append(stage_line(fmt, report.lowest_stage))
    return lines


def stage_line(fmt: Formatter, lowest: StageFigure) -> str:
    figure = lowest.figure
    return fmt.t(
        f"working.line.stage_{figure.scale}",
        stage=fmt.t(f"working.stage.{lowest.stage}"),
        figure=fmt.number(figure.figure),
        answers=fmt.plural("working.answers", figure.answers),
    )


def digest_source(store: WorkingStore, subject: Subject, period: Period, day: date, lang: str):
    """The digest's "What's working" section: the figures without comments (a channel reads it)."""
    team = subject.team if subject.scope == "team" else None
    report = working_report(store, None, period=period, team=team, lang=lang)
    workspace = store.workspace
    lines = report_lines(Formatter(lang, workspace.currency), report)
    return Extra(lines=lines) if lines else None


EXTRA_SOURCES["working"] = digest_source
