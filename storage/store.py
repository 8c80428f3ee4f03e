"""Workspace-scoped data access.

A ``Store`` is bound to one session and one workspace; every query it runs filters by that
workspace, so no caller can read or change another workspace's rows by mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from salesbot.teams import MANAGER, MEMBER, TeamView
from storage.coaching import CoachingQueries
from storage.db import insert_unless_present
from storage.diagnosis import DiagnosisQueries
from storage.digests import DigestQueries
from storage.evidence import EvidenceQueries
from storage.excel import ExcelQueries
from storage.feedback import FeedbackQueries
from storage.feedback_links import FeedbackLinkQueries, feedback_link_workspace_id
from storage.goal_talks import GoalTalkQueries
from storage.goals import GoalQueries
from storage.models import (
    AuditEntry,
    Person,
    ProcessedRequest,
    Product,
    Team,
    TeamMembership,
    Workspace,
    utcnow,
)
from storage.progress import ProgressQueries
from storage.recognition import RecognitionQueries
from storage.sales import SaleQueries
from storage.segments import SegmentQueries
from storage.suggestions import SuggestionQueries
from storage.training import TrainingQueries
from storage.working import WorkingQueries


def get_or_create_workspace(
    session: Session, *, slack_team_id: str, enterprise_id: str | None = None
) -> Workspace:
    if not slack_team_id:
        # Every row belongs to one Slack team; a request without one cannot be stored anywhere.
        raise ValueError("a Slack request without a team id")
    workspace = find_workspace(session, slack_team_id=slack_team_id)
    if workspace is None:
        # Two first requests from a new workspace may race: whichever inserts, both read one row.
        new = Workspace(slack_team_id=slack_team_id, enterprise_id=enterprise_id)
        values = new.model_dump(exclude={"id"})
        insert_unless_present(session, Workspace, values, unique=["slack_team_id"])
        workspace = find_workspace(session, slack_team_id=slack_team_id)
    return workspace


def find_workspace(session: Session, *, slack_team_id: str) -> Workspace | None:
    return session.exec(select(Workspace).where(Workspace.slack_team_id == slack_team_id)).first()


def asker_store(session: Session, *, slack_team_id: str, slack_user_id: str) -> Store | None:
    """The store of workspace ``slack_team_id`` holding person ``slack_user_id`` (``Store.asker``,
    None when not stored yet), in one query: what every request's work and every form's save
    begins with. None when the workspace is not stored yet."""
    person_of_team = (Person.workspace_id == Workspace.id) & (Person.slack_user_id == slack_user_id)
    row = session.exec(
        select(Workspace, Person)
        .outerjoin(Person, person_of_team)
        .where(Workspace.slack_team_id == slack_team_id)
    ).first()
    if row is None:
        return None
    workspace, person = row
    return Store(session, workspace, asker=person)


def store_for_link(session: Session, token_hash: str) -> Store | None:
    """The store of the workspace whose feedback link has ``token_hash``; None for no such link."""
    workspace_id = feedback_link_workspace_id(session, token_hash)
    workspace = session.get(Workspace, workspace_id) if workspace_id is not None else None
    return Store(session, workspace) if workspace is not None else None


class Store(
    GoalQueries,
    SaleQueries,
    ProgressQueries,
    DigestQueries,
    TrainingQueries,
    FeedbackQueries,
    FeedbackLinkQueries,
    WorkingQueries,
    DiagnosisQueries,
    EvidenceQueries,
    SuggestionQueries,
    CoachingQueries,
    ExcelQueries,
    RecognitionQueries,
    GoalTalkQueries,
    SegmentQueries,
):
    """All queries of one workspace. Goal, sale and progress queries live in their own modules.

    It is the store every domain use case is given: it satisfies each domain module's store
    protocol (``salesbot.goals.GoalStore``, ``salesbot.sales.SaleStore``…).
    """

    session: Session
    workspace: Workspace
    workspace_id: int

    # The person whose request this is, when the store was opened for one (``asker_store``).
    # Held here because the session's identity map keeps a row only while something refers
    # to it: held, ``person(asker.id)`` is answered without a query.
    asker: Person | None

    def __init__(self, session: Session, workspace: Workspace, *, asker: Person | None = None) -> None:
        self.session = session
        self.workspace = workspace
        self.workspace_id = workspace.id
        self.asker = asker

    # -- workspace ----------------------------------------------------------------------
    def update_workspace(self, **changes: object) -> Workspace:
        for key, value in changes.items():
            setattr(self.workspace, key, value)
        self.workspace.updated_at = utcnow()
        self.session.add(self.workspace)
        self.session.flush()
        return self.workspace

    # -- people -------------------------------------------------------------------------
    def person_by_slack_id(self, slack_user_id: str) -> Person | None:
        if self.asker is not None and self.asker.slack_user_id == slack_user_id:
            return self.asker
        return self.session.exec(
            select(Person).where(
                Person.workspace_id == self.workspace_id,
                Person.slack_user_id == slack_user_id,
            )
        ).first()

    def person(self, person_id: int) -> Person | None:
        person = self.session.get(Person, person_id)
        return person if person is not None and person.workspace_id == self.workspace_id else None

    def people_by_slack_ids(self, slack_user_ids: Iterable[str]) -> dict[str, Person]:
        ids = list(set(slack_user_ids))
        if not ids:
            return {}
        rows = self.session.exec(
            select(Person).where(Person.workspace_id == self.workspace_id, Person.slack_user_id.in_(ids))
        ).all()
        return {row.slack_user_id: row for row in rows}

    def new_person(self, slack_user_id: str) -> Person:
        """An unsaved person of this workspace; ``save_person`` stores it."""
        return Person(workspace_id=self.workspace_id, slack_user_id=slack_user_id)

    def claim_person(self, slack_user_id: str) -> tuple[Person, bool]:
        """The person with this Slack id, inserted if new; True when this call inserted it.

        A person's first command and their first App Home visit can arrive together; the
        insert tolerates the other's, so both requests see the same single row.
        """
        values = self.new_person(slack_user_id).model_dump(exclude={"id"})
        inserted = insert_unless_present(
            self.session, Person, values, unique=["workspace_id", "slack_user_id"]
        )
        return self.person_by_slack_id(slack_user_id), inserted

    def save_person(self, person: Person) -> Person:
        if person.workspace_id is None:
            person.workspace_id = self.workspace_id
        if person.workspace_id != self.workspace_id:
            raise ValueError("person belongs to another workspace")
        self.session.add(person)
        self.session.flush()
        return person

    def count_people(self) -> int:
        return self.session.exec(
            select(func.count()).select_from(Person).where(Person.workspace_id == self.workspace_id)
        ).one()

    def people(self) -> Sequence[Person]:
        return self.session.exec(
            select(Person)
            .where(Person.workspace_id == self.workspace_id, Person.deleted.is_(False))
            .order_by(Person.name)
        ).all()

    # -- teams --------------------------------------------------------------------------
    def team_by_name(self, name: str) -> Team | None:
        return self.session.exec(
            select(Team).where(Team.workspace_id == self.workspace_id, Team.name_key == name_key(name))
        ).first()

    def team_names(self) -> list[str]:
        return list(
            self.session.exec(
                select(Team.name).where(Team.workspace_id == self.workspace_id).order_by(Team.name_key)
            ).all()
        )

    def create_team(self, name: str) -> Team:
        team = Team(workspace_id=self.workspace_id, name=name, name_key=name_key(name))
        self.session.add(team)
        self.session.flush()
        return team

    def rename_team(self, team: Team, name: str) -> Team:
        team.name, team.name_key = name, name_key(name)
        return self.save_team(team)

    def delete_team(self, team: Team) -> None:
        if team.workspace_id != self.workspace_id:
            raise ValueError("team belongs to another workspace")
        self.session.delete(team)
        self.session.flush()

    def save_team(self, team: Team) -> Team:
        if team.workspace_id != self.workspace_id:
            raise ValueError("team belongs to another workspace")
        self.session.add(team)
        self.session.flush()
        return team

    def teams(self) -> list[TeamView]:
        teams = self.session.exec(
            select(Team).where(Team.workspace_id == self.workspace_id).order_by(Team.name_key)
        ).all()
        rows = self.session.exec(
            select(TeamMembership, Person)
            .join(Person, Person.id == TeamMembership.person_id)
            .where(TeamMembership.workspace_id == self.workspace_id)
            .order_by(Person.name)
        ).all()
        people: dict[tuple[int, str], list[Person]] = {}
        for membership, person in rows:
            people.setdefault((membership.team_id, membership.role), []).append(person)
        return [
            TeamView(
                team=team,
                managers=people.get((team.id, MANAGER), []),
                members=people.get((team.id, MEMBER), []),
            )
            for team in teams
        ]

    def team_view(self, team: Team) -> TeamView:
        return next(view for view in self.teams() if view.team.id == team.id)

    def memberships(self, team: Team, role: str) -> dict[int, TeamMembership]:
        rows = self.session.exec(
            select(TeamMembership).where(
                TeamMembership.workspace_id == self.workspace_id,
                TeamMembership.team_id == team.id,
                TeamMembership.role == role,
            )
        ).all()
        return {row.person_id: row for row in rows}

    def add_to_team(self, team: Team, person: Person, role: str) -> None:
        self.session.add(
            TeamMembership(
                workspace_id=self.workspace_id,
                team_id=team.id,
                person_id=person.id,
                role=role,
            )
        )
        self.session.flush()

    def remove_from_team(self, membership: TeamMembership) -> None:
        self.session.delete(membership)
        self.session.flush()

    def managed_teams(self, person: Person) -> list[Team]:
        return self._teams_where(person, MANAGER)

    def teams_of(self, person: Person) -> list[Team]:
        return self._teams_where(person, MEMBER)

    def team_ids_of_members(self, person_ids: Iterable[int]) -> set[int]:
        """The teams any of ``person_ids`` is a member of, in one query (an import's people)."""
        ids = list(person_ids)
        if not ids:
            return set()
        return set(
            self.session.exec(
                select(TeamMembership.team_id).where(
                    TeamMembership.workspace_id == self.workspace_id,
                    TeamMembership.person_id.in_(ids),
                    TeamMembership.role == MEMBER,
                )
            ).all()
        )

    def teams_by_role(self, person: Person) -> dict[str, list[Team]]:
        """The teams ``person`` is in, by role (member, manager), each list by name: one query."""
        found: dict[str, list[Team]] = {}
        rows = self.session.exec(
            select(Team, TeamMembership.role)
            .join(TeamMembership, TeamMembership.team_id == Team.id)
            .where(TeamMembership.workspace_id == self.workspace_id, TeamMembership.person_id == person.id)
            .order_by(Team.name_key)
        ).all()
        for team, role in rows:
            found.setdefault(role, []).append(team)
        return found

    def _teams_where(self, person: Person, role: str) -> list[Team]:
        """The teams ``person`` is in as ``role`` (member or manager), by name."""
        return list(
            self.session.exec(
                select(Team)
                .join(TeamMembership, TeamMembership.team_id == Team.id)
                .where(
                    TeamMembership.workspace_id == self.workspace_id,
                    TeamMembership.person_id == person.id,
                    TeamMembership.role == role,
                )
                .order_by(Team.name_key)
            ).all()
        )

    def managed_person_ids(self, manager: Person) -> set[int]:
        """Everyone in the teams ``manager`` manages."""
        managed_team_ids = (
            select(TeamMembership.team_id)
            .where(
                TeamMembership.workspace_id == self.workspace_id,
                TeamMembership.person_id == manager.id,
                TeamMembership.role == MANAGER,
            )
            .scalar_subquery()
        )
        return set(
            self.session.exec(
                select(TeamMembership.person_id).where(
                    TeamMembership.workspace_id == self.workspace_id,
                    TeamMembership.team_id.in_(managed_team_ids),
                    TeamMembership.role == MEMBER,
                )
            ).all()
        )

    def drop_manager_roles(self, person: Person) -> list[Team]:
        teams = self.managed_teams(person)
        for team in teams:
            membership = self.memberships(team, MANAGER).get(person.id)
            if membership is not None:
                self.session.delete(membership)
        self.session.flush()
        return teams

    # -- products -----------------------------------------------------------------------
    def product_by_name(self, name: str) -> Product | None:
        return self.session.exec(
            select(Product).where(
                Product.workspace_id == self.workspace_id,
                Product.name_key == name_key(name),
            )
        ).first()

    def products(self, *, include_retired: bool = False) -> Sequence[Product]:
        query = select(Product).where(Product.workspace_id == self.workspace_id)
        if not include_retired:
            query = query.where(Product.active.is_(True))
        return self.session.exec(query.order_by(Product.active.desc(), Product.name_key)).all()

    def add_product(self, name: str, list_price: Decimal | None) -> Product:
        product = Product(
            workspace_id=self.workspace_id,
            name=name,
            name_key=name_key(name),
            list_price=list_price,
        )
        self.session.add(product)
        self.session.flush()
        return product

    def save_product(self, product: Product) -> Product:
        if product.workspace_id != self.workspace_id:
            raise ValueError("product belongs to another workspace")
        self.session.add(product)
        self.session.flush()
        return product

    # -- idempotency ------------------------------------------------------------------
    def claim_request(self, request_key: str) -> bool:
        """True the first time ``request_key`` is seen in this workspace, False after.

        One statement that a duplicate does not fail (no savepoint to set and release before
        a form's ack). The claim is part of the transaction: if the work fails, the key is free
        again; a concurrent claim of the same key waits for this transaction's end.
        """
        claim = ProcessedRequest(workspace_id=self.workspace_id, request_key=request_key)
        values = claim.model_dump(exclude={"id"})
        return insert_unless_present(
            self.session, ProcessedRequest, values, unique=["workspace_id", "request_key"]
        )

    # -- audit --------------------------------------------------------------------------
    def audit(
        self,
        *,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None = None,
        **details: object,
    ) -> None:
        self.session.add(
            AuditEntry(
                workspace_id=self.workspace_id,
                actor_person_id=actor_id,
                action=action,
                entity=entity,
                entity_id=entity_id,
                details={key: _jsonable(value) for key, value in details.items()},
            )
        )
        self.session.flush()

    def audit_entries(self, *, limit: int = 50) -> Sequence[AuditEntry]:
        return self.session.exec(
            select(AuditEntry)
            .where(AuditEntry.workspace_id == self.workspace_id)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        ).all()


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    return value
