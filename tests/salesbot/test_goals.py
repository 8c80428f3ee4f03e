"""Goal rules on a real Store: who may set what, the goal key, revisions, coverage, the text form.

The goal form's use case is also tested on an in-memory store (tests/salesbot/fakes.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from salesbot import goals, products, teams
from salesbot.errors import Conflict, FieldErrors, InvalidInput, NotFound, PermissionDenied
from salesbot.goals import GoalSpec, Subject, goal_key, make_reason, parse_goal_command
from salesbot.people import SlackProfile, actor_for, sync_person
from salesbot.periods import Period
from storage.models import AuditEntry, GoalRevision
from tests.salesbot.fakes import FakeStore

NOV = Period.of_month(2026, 11)
TODAY = date(2026, 11, 10)


@pytest.fixture
def org(store):
    """Øst (Kari, Ola; managed by Boss), Vest (Per), an admin and a product."""

    def person(user_id, name, **flags):
        return sync_person(store, SlackProfile(user_id=user_id, name=name, **flags), frozenset())

    owner = person("U0OWN", "Owner", is_owner=True)
    admin = actor_for(store, owner, frozenset())
    boss, kari, ola, per = (person(f"U0{n.upper()}", n) for n in ("Boss", "Kari", "Ola", "Per"))
    ost, vest = teams.create_team(store, admin, "Øst"), teams.create_team(store, admin, "Vest")
    teams.add_members(store, admin, "Øst", [kari, ola])
    teams.add_members(store, admin, "Vest", [per])
    teams.add_managers(store, admin, "Øst", [boss], frozenset())
    product = products.add_product(store, admin, "Barista Pro", None)

    class Org:
        pass

    org = Org()
    org.__dict__.update(
        admin=admin,
        manager=actor_for(store, boss, frozenset()),
        rep=actor_for(store, kari, frozenset()),
        boss=boss,
        kari=kari,
        ola=ola,
        per=per,
        ost=ost,
        vest=vest,
        product=product,
    )
    return org


def spec(subject: Subject, target: str, *, metric="revenue", period=NOV, product=None) -> GoalSpec:
    return GoalSpec(subject=subject, metric=metric, target=Decimal(target), period=period, product=product)


def person_goal(org, who, target, **kwargs):
    return spec(Subject("person", person=getattr(org, who)), target, **kwargs)


# -- the key ----------------------------------------------------------------------------------------


def test_goal_key_names_scope_subject_metric_period_and_product():
    assert goal_key("person", 12, "revenue", "2026-11", None) == "person:12|revenue|2026-11|-"
    assert goal_key("team", 3, "deals", "2026-Q4", 7) == "team:3|deals|2026-Q4|7"
    assert goal_key("company", None, "units", "2026-11-03..2026-12-15", None) == (
        "company|units|2026-11-03..2026-12-15|-"
    )
    with pytest.raises(ValueError):
        goal_key("planet", 1, "revenue", "2026", None)


# -- who may set what ----------------------------------------------------------------------------------

SUBJECTS = {
    "managed person": lambda o: Subject("person", person=o.kari),
    "unmanaged person": lambda o: Subject("person", person=o.per),
    "the manager themself": lambda o: Subject("person", person=o.boss),
    "managed team": lambda o: Subject("team", team=o.ost),
    "other team": lambda o: Subject("team", team=o.vest),
    "company": lambda o: Subject("company"),
}
ALLOWED = {
    "admin": set(SUBJECTS),
    "manager": {"managed person", "managed team"},
    "rep": set(),
}


@pytest.mark.parametrize("role", ["admin", "manager", "rep"])
@pytest.mark.parametrize("subject", list(SUBJECTS))
def test_permissions_matrix(store, org, role, subject):
    actor = getattr(org, role)
    chosen = SUBJECTS[subject](org)
    if subject in ALLOWED[role]:
        goals.check_goal_rights(store, actor, chosen)
        assert goals.set_goal(store, actor, spec(chosen, "1000")).outcome == "created"
    else:
        with pytest.raises(PermissionDenied):
            goals.set_goal(store, actor, spec(chosen, "1000"))
        assert store.goal_by_key(spec(chosen, "1000").key) is None


def test_reps_are_refused_before_anything_else(org):
    with pytest.raises(PermissionDenied) as refused:
        goals.require_goal_setter(org.rep)
    assert refused.value.key == "goal.reps_cannot_set"


@pytest.mark.parametrize(
    ("metric", "target", "error"),
    [
        ("units", "1.5", "goal.whole_units"),
        ("deals", "0.5", "goal.whole_deals"),
        ("revenue", "0", "amount.zero"),
        ("revenue", "10000000000000", "goal.target_too_large"),
        ("visits", "10", "goal.metric_unknown"),
    ],
)
def test_targets_are_checked(metric, target, error):
    with pytest.raises(InvalidInput) as refused:
        goals.check_target(metric, Decimal(target))
    assert refused.value.key == error


@pytest.mark.parametrize(
    ("metric", "typed", "lang", "target"),
    [
        ("units", "40.00", "en", Decimal("40")),
        ("deals", "12", "en", Decimal("12")),
        ("revenue", "1234.50", "en", Decimal("1234.50")),
        ("revenue", "1 234,50", "nb", Decimal("1234.50")),
        ("revenue", "150k", "en", Decimal("150000")),
    ],
)
def test_whole_targets_for_counts_and_cents_for_revenue_pass(metric, typed, lang, target):
    assert goals.read_target(typed, metric, lang=lang, currency="NOK") == target
    assert goals.read_target(target, metric, lang=lang, currency="NOK") == target


# -- revisions -----------------------------------------------------------------------------------------


def test_a_second_goal_with_the_same_key_is_a_revision_that_needs_a_reason(store, org):
    created = goals.set_goal(store, org.manager, person_goal(org, "kari", "100000"))
    assert created.outcome == "created"
    goal = created.goal

    same = goals.set_goal(store, org.manager, person_goal(org, "kari", "100000.00"))
    assert same.outcome == "unchanged"

    asked = goals.set_goal(store, org.manager, person_goal(org, "kari", "120000"))
    assert (asked.outcome, asked.old_target, asked.new_target) == (
        "needs_reason",
        Decimal("100000"),
        Decimal(120000),
    )
    assert goal.target == Decimal("100000") and store.goal_revisions(goal.id) == []

    revised = goals.set_goal(
        store, org.manager, person_goal(org, "kari", "120000"), reason=make_reason("economy", "Slow market")
    )
    assert revised.outcome == "revised" and revised.goal.id == goal.id
    (revision,) = store.goal_revisions(goal.id)
    assert (revision.old_target, revision.new_target, revision.reason_category, revision.reason_text) == (
        Decimal("100000"),
        Decimal("120000"),
        "economy",
        "Slow market",
    )
    assert revision.revised_by_id == org.manager.person_id
    assert goal.target == Decimal("120000")
    actions = [entry.action for entry in store.session.exec(select(AuditEntry)).all()]
    assert actions.count("goal.created") == 1 and actions.count("goal.revised") == 1


def test_different_metric_period_or_product_is_a_different_goal(store, org):
    base = goals.set_goal(store, org.admin, person_goal(org, "kari", "100")).goal
    others = [
        person_goal(org, "kari", "100", metric="units"),
        person_goal(org, "kari", "100", period=Period.of_quarter(2026, 4)),
        person_goal(org, "kari", "100", product=org.product),
        person_goal(org, "ola", "100"),
    ]
    keys = {goals.set_goal(store, org.admin, other).goal.goal_key for other in others}
    assert len(keys | {base.goal_key}) == 5


def test_a_repeated_request_is_a_duplicate(store, org):
    first = goals.set_goal(store, org.manager, person_goal(org, "kari", "100"), request_key="goal-modal:V1")
    again = goals.set_goal(store, org.manager, person_goal(org, "kari", "100"), request_key="goal-modal:V1")
    assert (first.outcome, again.outcome) == ("created", "duplicate")
    reason = make_reason("other", "typo")
    revised = goals.set_goal(
        store, org.manager, person_goal(org, "kari", "200"), reason=reason, request_key="r:V2"
    )
    repeated = goals.set_goal(
        store, org.manager, person_goal(org, "kari", "300"), reason=reason, request_key="r:V2"
    )
    assert (revised.outcome, repeated.outcome) == ("revised", "duplicate")
    assert first.goal.target == Decimal("200")


def test_a_closed_goal_is_not_revised(store, org):
    goal = goals.set_goal(store, org.admin, person_goal(org, "kari", "100")).goal
    goal.status = "missed"
    with pytest.raises(Conflict):
        goals.set_goal(store, org.admin, person_goal(org, "kari", "150"), reason=make_reason("other"))


def test_reasons():
    assert make_reason(None, "") is None
    assert make_reason(None, " just  because ") == goals.Reason("other", "just because")
    assert make_reason("competition") == goals.Reason("competition", "")
    with pytest.raises(InvalidInput):
        make_reason("weather", "rain")
    with pytest.raises(InvalidInput):
        make_reason("other", "x" * 2001)


# -- coverage --------------------------------------------------------------------------------------------


def test_coverage_sums_current_members_matching_goals(store, org):
    team_goal = goals.set_goal(store, org.admin, spec(Subject("team", team=org.ost), "200000")).goal
    assert goals.team_coverage(store, team_goal).ratio is None
    goals.set_goal(store, org.admin, person_goal(org, "kari", "100000"))
    goals.set_goal(store, org.admin, person_goal(org, "ola", "84000"))
    # None of these count: another team's person, the team's manager, another metric, a period
    # outside November, another product.
    goals.set_goal(store, org.admin, person_goal(org, "per", "500000"))
    goals.set_goal(store, org.admin, person_goal(org, "boss", "500000"))
    goals.set_goal(store, org.admin, person_goal(org, "kari", "7", metric="deals"))
    goals.set_goal(store, org.admin, person_goal(org, "kari", "90000", period=Period.of_month(2026, 12)))
    goals.set_goal(store, org.admin, person_goal(org, "kari", "50000", product=org.product))
    coverage = goals.team_coverage(store, team_goal)
    assert coverage.ratio == Decimal("0.92")
    assert (coverage.period, coverage.individual_total, coverage.people_with_goals, coverage.members) == (
        NOV,
        Decimal(184000),
        2,
        2,
    )

    teams.remove_members(store, org.admin, "Øst", [org.ola])
    assert goals.team_coverage(store, team_goal).ratio == Decimal("0.5")
    [(team, _, now)] = goals.coverage_of_teams(
        store, org.kari, store.goal_by_key(person_goal(org, "kari", "1").key)
    )
    assert (team.name, now.ratio) == ("Øst", Decimal("0.5"))


def test_coverage_of_a_quarter_counts_members_goals_within_it_each_day_once(store, org):
    q4 = Period.of_quarter(2026, 4)
    oct_, nov, dec = (Period.of_month(2026, month) for month in (10, 11, 12))
    team_goal = goals.set_goal(
        store, org.admin, spec(Subject("team", team=org.ost), "300000", period=q4)
    ).goal
    # Kari: a goal for each month of the quarter; all three count.
    for period, target in ((oct_, "30000"), (nov, "40000"), (dec, "50000")):
        goals.set_goal(store, org.admin, person_goal(org, "kari", target, period=period))
    # Ola: a Q4 goal and a December one inside it; each day counts once, so the longer one does.
    goals.set_goal(store, org.admin, person_goal(org, "ola", "100000", period=q4))
    goals.set_goal(store, org.admin, person_goal(org, "ola", "45000", period=dec))
    # Not within Q4: a year goal, and a range over New Year.
    goals.set_goal(store, org.admin, person_goal(org, "kari", "900000", period=Period.of_year(2026)))
    goals.set_goal(
        store,
        org.admin,
        person_goal(org, "ola", "20000", period=Period.of_range(date(2026, 12, 15), date(2027, 1, 15))),
    )
    coverage = goals.team_coverage(store, team_goal)
    assert (coverage.period, coverage.individual_total, coverage.people_with_goals, coverage.members) == (
        q4,
        Decimal(220000),
        2,
        2,
    )

    # Kari's December goal counts towards the team's Q4 goal, and towards a December one.
    december_team_goal = goals.set_goal(
        store, org.admin, spec(Subject("team", team=org.ost), "100000", period=dec)
    ).goal
    found = goals.coverage_of_teams(
        store, org.kari, store.goal_by_key(person_goal(org, "kari", "1", period=dec).key)
    )
    assert [(team.name, team_goal.id, now.individual_total) for team, team_goal, now in found] == [
        ("Øst", team_goal.id, Decimal(220000)),
        ("Øst", december_team_goal.id, Decimal(95000)),
    ]


def test_a_goal_tells_of_the_same_subjects_overlapping_goals(store, org):
    q1 = Period.of_quarter(2027, 1)
    january = goals.set_goal(
        store, org.admin, person_goal(org, "kari", "80000", period=Period.of_month(2027, 1))
    )
    quarter = goals.set_goal(store, org.admin, person_goal(org, "kari", "250000", period=q1))
    # Not overlapping: another metric, product, person or period.
    goals.set_goal(store, org.admin, person_goal(org, "kari", "9", metric="deals", period=q1))
    goals.set_goal(store, org.admin, person_goal(org, "kari", "9000", product=org.product, period=q1))
    goals.set_goal(store, org.admin, person_goal(org, "ola", "80000", period=q1))
    goals.set_goal(store, org.admin, person_goal(org, "kari", "80000", period=Period.of_month(2027, 4)))
    assert goals.overlapping_goals(store, quarter.goal) == [january.goal]
    assert goals.overlapping_goals(store, january.goal) == [quarter.goal]
    team = goals.set_goal(store, org.admin, spec(Subject("team", team=org.ost), "1000000", period=q1))
    assert goals.overlapping_goals(store, team.goal) == [], "a team's goal is not its people's"


# -- reading goals ---------------------------------------------------------------------------------------


def test_who_sees_which_goals(store, org):
    for subject in SUBJECTS.values():
        goals.set_goal(store, org.admin, spec(subject(org), "1000"))
    goals.set_goal(store, org.admin, person_goal(org, "ola", "1000"))

    def seen(actor):
        listing = goals.list_goals(store, actor, NOV)
        assert listing.total == len(listing.goals)
        names = {("person", i): p.name for i, p in listing.people.items()}
        names |= {("team", i): t.name for i, t in listing.teams.items()}
        return {(g.scope, names.get((g.scope, g.person_id or g.team_id))) for g in listing.goals}

    assert seen(org.rep) == {("company", None), ("team", "Øst"), ("person", "Kari")}
    assert seen(org.manager) == {
        ("company", None),
        ("team", "Øst"),
        ("person", "Kari"),
        ("person", "Ola"),
        ("person", "Boss"),
    }
    assert len(seen(org.admin)) == 7
    assert goals.list_goals(store, org.admin, Period.of_year(2025)).goals == []
    assert goals.list_goals(store, org.admin, NOV, limit=3).total == 7


def test_history_lists_revisions_newest_first_for_those_who_may_see(store, org):
    kari = Subject("person", person=org.kari)
    goals.set_goal(store, org.manager, spec(kari, "100"))
    goals.set_goal(store, org.manager, spec(kari, "120"), reason=make_reason("performance", "first"))
    goals.set_goal(store, org.manager, spec(kari, "130"), reason=make_reason("economy", "second"))
    (entry,) = goals.goal_history(store, org.rep, kari, None)
    assert [r.reason_text for r in entry.revisions] == ["second", "first"]
    assert entry.revision_count == 2 and entry.people[org.manager.person_id].name == "Boss"
    (limited,) = goals.goal_history(store, org.manager, kari, NOV, revisions=1)
    assert len(limited.revisions) == 1 and limited.revision_count == 2
    assert goals.goal_history(store, org.manager, kari, Period.of_year(2025)) == []
    with pytest.raises(PermissionDenied):
        goals.goal_history(store, org.rep, Subject("person", person=org.ola), None)
    with pytest.raises(PermissionDenied):
        goals.goal_history(store, org.manager, Subject("team", team=org.vest), None)
    assert goals.goal_history(store, org.rep, Subject("company"), None) == []


def test_revision_rows_belong_to_the_workspace(store, org):
    goal = goals.set_goal(store, org.admin, person_goal(org, "kari", "1")).goal
    goals.set_goal(store, org.admin, person_goal(org, "kari", "2"), reason=make_reason("other"))
    (revision,) = store.session.exec(select(GoalRevision)).all()
    assert revision.workspace_id == store.workspace_id == goal.workspace_id


# -- the text form --------------------------------------------------------------------------------------


def parse(text, lang="en", teams_=("Bedrift Øst", "Vest"), products_=("Barista Pro 2",)):
    return parse_goal_command(
        text, lang=lang, today=TODAY, team_names=lambda: teams_, product_names=products_
    )


def test_parse_a_person_goal_with_everything():
    parsed = parse("<@U123|kari> 1 500 000 units next quarter product:barista pro 2 economy: Slow market")
    assert (parsed.user_id, parsed.target, parsed.metric, parsed.period.key) == (
        "U123",
        Decimal(1500000),
        "units",
        "2027-Q1",
    )
    assert (parsed.product_name, parsed.reason_category, parsed.reason_text) == (
        "barista pro 2",
        "economy",
        "Slow market",
    )


def test_parse_defaults_and_subject_forms():
    parsed = parse("team:Bedrift Øst 250k")
    assert (parsed.team_name, parsed.metric, parsed.period, parsed.reason_category) == (
        "Bedrift Øst",
        "revenue",
        None,
        None,
    )
    assert parse('team:"Ny avdeling" 5 deals').team_name == "Ny avdeling"
    assert parse("selskapet 12m 2026").company
    assert parse("150k <@U9>").user_id == "U9", "the mention may come anywhere"
    assert parse("<@U9> 10 2026-Q4 deals").metric == "deals", "the metric may follow the period"
    ranged = parse("<@U9> 10k 3.11 til 15.12 ytelse Bra start", lang="nb")
    assert (ranged.period.kind, ranged.period.key) == ("range", "2026-11-03..2026-12-15")
    assert (ranged.reason_category, ranged.reason_text) == ("performance", "Bra start")
    assert parse("<@U9> 1 234,50 omsetning", lang="nb").target == Decimal("1234.50")
    free = parse("<@U9> 120k The pipeline dried up")
    assert (free.period, free.reason_category, free.reason_text) == (None, None, "The pipeline dried up")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("150k", "goal.subject_missing"),
        ("<@U1> <@U2> 150k", "goal.one_subject"),
        ("company team:Vest 1m", "goal.one_subject"),
        ("<!subteam^S1|@sales> 1m", "goal.usergroup"),
        ("team: ", "goal.team_missing"),
        ('team:"Bedrift 1m', "goal.quote"),
        ("<@U1>", "goal.target_missing"),
        ("<@U1> many", "amount.invalid"),
        ("<@U1> 150k Q5", "period.invalid"),
        ("<@U1> 150k this mnth", "period.invalid"),
        ("@kari 150k", "command.plain_mention"),
        ("<@U1> 150k product:", "goal.product_missing"),
    ],
)
def test_parse_errors(text, key):
    with pytest.raises(InvalidInput) as error:
        parse(text)
    assert error.value.key == key
    assert error.value.example in ("goal.example", "period.example")


def test_parse_query_for_lists_and_history():
    query = goals.parse_goal_query("team:Vest 2026-Q4", lang="en", today=TODAY, team_names=lambda: ["Vest"])
    assert (query.team_name, query.period.key, query.has_subject) == ("Vest", "2026-Q4", True)
    assert not goals.parse_goal_query("", lang="en", today=TODAY, team_names=list).has_subject


def test_team_names_are_read_only_for_a_team_named_without_quotes():
    def unread():
        pytest.fail("the team names were read")

    for text in ("", "2026-Q4", "<@U1> last month", 'team:"Bedrift Øst" 2026-Q4', "company"):
        goals.parse_goal_query(text, lang="en", today=TODAY, team_names=unread)
    asked = []
    query = goals.parse_goal_query(
        "team:Bedrift Øst 2026-Q4",
        lang="en",
        today=TODAY,
        team_names=lambda: asked.append(1) or ["Bedrift Øst"],
    )
    assert (query.team_name, asked) == ("Bedrift Øst", [1])


def test_period_choices_for_the_form():
    choices = dict(goals.period_choices(TODAY))
    assert [p.key for p in choices.values()] == ["2026-11", "2026-12", "2026-Q4", "2027-Q1", "2026"]


def test_parse_reads_a_product_without_prefix_the_longest_name_that_fits():
    names = ("Barista Pro", "Barista Pro 2")
    parsed = parse("<@U9> 5 units Barista Pro 2 this month", products_=names)
    assert (parsed.metric, parsed.product_name, parsed.period.key, parsed.rest) == (
        "units",
        "Barista Pro 2",
        "2026-11",
        "",
    )
    assert parse("<@U9> 5 units barista pro this month", products_=names).product_name == "Barista Pro"
    first = parse("<@U9> next month Barista Pro 2 4 deals", products_=names)
    assert (first.target, first.metric, first.period.key, first.product_name) == (
        Decimal(4),
        "deals",
        "2026-12",
        "Barista Pro 2",
    )


def test_parse_keeps_what_follows_the_goal_as_typed():
    parsed = parse("<@U9> 5 units Barsita Pro 2 this month")
    assert (parsed.product_name, parsed.period, parsed.rest) == (None, None, "Barsita Pro 2 this month")
    assert (parsed.reason_category, parsed.reason_text) == (None, "Barsita Pro 2 this month")
    reason = parse("<@U9> 120k economy: Slow market")
    assert (reason.reason_category, reason.reason_text, reason.rest) == (
        "economy",
        "Slow market",
        "economy: Slow market",
    )


def test_parse_reads_goal_periods_ahead_and_refuses_ended_ones():
    assert parse("<@U9> 10k Q1").period.key == "2027-Q1"
    assert parse("<@U9> 10k oktober").period.key == "2027-10"
    assert parse("<@U9> 10k Q4").period.key == "2026-Q4"
    with pytest.raises(InvalidInput) as ended:
        parse("<@U9> 10k Q1 2026")
    assert ended.value.key == "goal.period_ended"
    assert ended.value.params == {"period": "Q1 2026", "end": "Mar 31, 2026", "suggestion": "Q1 2027"}
    with pytest.raises(InvalidInput) as ended_nb:
        parse("<@U9> 10k forrige måned", lang="nb")
    assert ended_nb.value.params["period"] == "Oktober 2026"
    assert ended_nb.value.params["suggestion"] == "oktober 2027"
    with pytest.raises(InvalidInput) as impossible:
        parse("<@U9> 10k 30.2-3.3")
    assert impossible.value.key == "period.no_such_day"


def test_read_goal_period_is_the_one_rule_for_goal_periods():
    assert goals.read_goal_period("mars", today=TODAY, lang="nb").key == "2027-03"
    assert goals.read_goal_period("1.12-15.12", today=TODAY, lang="nb").key == "2026-12-01..2026-12-15"
    with pytest.raises(InvalidInput) as ended:
        goals.read_goal_period("2025", today=TODAY, lang="en")
    assert ended.value.params["suggestion"] == "2026"
    # The last day still takes a goal; the day after, the period has ended.
    assert goals.read_goal_period("2026-11", today=NOV.end, lang="en") == NOV
    with pytest.raises(InvalidInput) as over:
        goals.require_open_period(NOV, today=NOV.end + timedelta(days=1), lang="en")
    assert over.value.params["suggestion"] == "November 2027"


def test_words_left_on_a_new_goal_are_refused_but_a_revision_takes_them_as_its_reason(store, org):
    def typed(text, who, **kwargs):
        person = getattr(org, who)
        return goals.set_typed_goal(
            store, org.manager, parse(text, **kwargs), today=TODAY, find_person=lambda user_id: person
        )

    with pytest.raises(InvalidInput) as refused:
        typed("<@U9> 100k Barsita Pro now", "kari", products_=("Barista Pro",))
    assert refused.value.key == "goal.words_left_product"
    assert refused.value.params == {"text": "Barsita Pro now", "suggestions": "Barista Pro"}
    assert store.goal_by_key(person_goal(org, "kari", "1").key) is None

    with pytest.raises(PermissionDenied):  # a refusal comes before the stray words
        typed("<@U9> 100k Barsita Pro now", "per", products_=("Barista Pro",))

    goals.set_goal(store, org.manager, person_goal(org, "kari", "100000"))
    change = typed("<@U9> 90k Barsita Pro now", "kari")
    assert (change.outcome, change.reason) == ("revised", goals.Reason("other", "Barsita Pro now"))


# -- the goal form and /sales goal: one use case, on an in-memory store (no database) -----------------


@pytest.fixture
def fake():
    """Øst (Kari) managed by Mona; Vest (Per); Ingrid the admin; an active and a retired product."""
    store = FakeStore()
    people = {name: store.person_named(name) for name in ("Kari", "Per")}
    people["Mona"] = store.person_named("Mona", role="manager")
    people["Ingrid"] = store.person_named("Ingrid", role="admin")
    store.team_named("Øst", members=[people["Kari"]], managers=[people["Mona"]])
    store.team_named("Vest", members=[people["Per"]])
    store.product_named("Barista Pro")
    store.product_named("Old Brew", active=False)
    return store, {name: store.actor(person) for name, person in people.items()}


def save(store, actor, today=TODAY, request_key=None, **fields):
    draft = goals.GoalDraft(**{"scope": "person", "user_id": "UKARI", "target": "100k"} | fields)
    return goals.save_goal_draft(
        store, actor, draft, today=today, find_person=store.find_person, request_key=request_key
    )


def refusals(store, actor, **fields) -> dict[str, str]:
    with pytest.raises(FieldErrors) as refused:
        save(store, actor, **fields)
    assert store.goals == {} and store.audited == [], "nothing is written"
    return {field: error.key for field, error in refused.value.errors.items()}


def test_a_draft_sets_a_goal_for_the_default_period_and_then_revises_it(fake):
    store, actors = fake
    created = save(store, actors["Mona"], request_key="view-1")
    assert (created.outcome, created.goal.period_key, created.goal.target) == (
        "created",
        "2026-11",
        Decimal(100000),
    )
    assert save(store, actors["Mona"], request_key="view-1").outcome == "duplicate", "submitted twice"
    assert save(store, actors["Mona"]).outcome == "unchanged"
    assert save(store, actors["Mona"], target="90k").outcome == "needs_reason"
    revised = save(store, actors["Mona"], target="90 000", reason_category="economy", request_key="view-2")
    assert (revised.outcome, revised.old_target, revised.new_target) == (
        "revised",
        Decimal(100000),
        Decimal(90000),
    )
    assert (
        save(store, actors["Mona"], target="80k", reason_text="x", request_key="view-2").outcome
        == "duplicate"
    )
    assert store.audited == ["goal.created", "goal.revised"]


def test_every_unusable_field_is_refused_at_once_by_its_domain_name(fake):
    store, actors = fake
    old_brew = store.product_by_name("Old Brew")
    assert refusals(
        store,
        actors["Mona"],
        target="lots",
        period_text="2025",
        product_id=old_brew.id,
        reason_text="x" * (goals.REASON_MAX + 1),
    ) == {
        "product": "product.not_found",  # retired since the form was opened
        "reason": "goal.reason_too_long",
        "target": "amount.invalid",
        "period": "goal.period_ended",
    }
    assert refusals(store, actors["Mona"], target="1.5", metric="units", product_name="Old Brew") == {
        "product": "product.retired_not_for_sale",
        "target": "goal.whole_units",
    }
    assert refusals(store, actors["Mona"], period=Period.of_month(2026, 10)) == {
        "period": "goal.period_ended"  # a form left open past the month it offered
    }


def test_the_scope_says_which_subject_field_is_read_and_the_right_to_it_is_checked(fake):
    store, actors = fake
    mona = actors["Mona"]
    assert refusals(store, mona, user_id=None) == {"person": "goal.field.person_missing"}
    assert refusals(store, mona, scope="team") == {"team": "goal.field.team_missing"}
    assert refusals(store, mona, scope="team", team_name="Nord") == {"team": "team.not_found"}
    assert refusals(store, mona, scope="team", team_name="Vest", target="x") == {
        "team": "goal.team_not_managed",
        "target": "amount.invalid",
    }
    assert refusals(store, mona, user_id="UPER") == {"person": "goal.person_not_managed"}
    assert refusals(store, mona, scope="company", team_name="Øst") == {"scope": "goal.company_admins_only"}
    # A team chosen once stays in the form's state; the person scope reads only the person.
    assert save(store, mona, team_name="Vest").subject.person.name == "Kari"
    assert save(store, mona, scope="team", team_name="øst", user_id="UPER").subject.team.name == "Øst"
    assert save(store, actors["Ingrid"], scope="company").outcome == "created"
    with pytest.raises(PermissionDenied) as rep:  # reps are refused before any field is read
        save(store, actors["Kari"], target="lots")
    assert rep.value.key == "goal.reps_cannot_set"


def test_typed_the_first_refusal_is_said_alone_in_the_texts_order(fake):
    store, actors = fake

    def typed(text):
        command = parse_goal_command(
            text, lang="en", today=TODAY, team_names=store.team_names, product_names=["Barista Pro"]
        )
        return goals.set_typed_goal(
            store, actors["Mona"], command, today=TODAY, find_person=store.find_person
        )

    with pytest.raises(NotFound) as unknown:  # whom, before the product
        typed("team:Nord 100k product:Espresso")
    assert unknown.value.key == "team.not_found"
    with pytest.raises(PermissionDenied):  # the right to set it, before the target
        typed("<@UPER> 1.5 units")
    with pytest.raises(InvalidInput) as fraction:
        typed("<@UKARI> 1.5 units")
    assert (fraction.value.key, fraction.value.example) == ("goal.whole_units", "goal.example")
    with pytest.raises(InvalidInput) as left:
        typed("<@UKARI> 100k Barsita Pro")
    assert left.value.params == {"text": "Barsita Pro", "suggestions": "Barista Pro"}
    assert typed("<@UKARI> 100k Barista Pro").product.name == "Barista Pro"
    assert store.goals and store.audited == ["goal.created"]


def test_the_revision_form_refuses_by_field(fake):
    store, actors = fake
    goal = save(store, actors["Mona"], metric="deals", target="10").goal
    with pytest.raises(FieldErrors) as refused:
        goals.save_revision(
            store, actors["Mona"], goal.id, target="2.5", reason_category=None, reason_text="x" * 2001
        )
    assert {field: error.key for field, error in refused.value.errors.items()} == {
        "target": "goal.whole_deals",
        "reason": "goal.reason_too_long",
    }
    change = goals.save_revision(
        store, actors["Mona"], goal.id, target="12", reason_category=None, reason_text=""
    )
    assert (change.outcome, change.reason) == ("revised", goals.Reason("other", ""))
