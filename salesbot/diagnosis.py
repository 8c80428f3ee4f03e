"""A diagnosis of a missed goal: the manager walks the causes in the order of the process, with
the data at each step as evidence, and ends in a root cause, actions and a follow-up date
(SPEC section 1.4; the steps and their evidence are ``salesbot.evidence``).

A diagnosis is a conversation kept in the database, not in a process: any process continues it,
and it survives a restart. Its states::

    start ──▶ STEP(product) ─mark─▶ STEP(price) ─mark─▶ STEP(service) ─mark─▶ STEP(marketing)
                                                                              │ mark
                      ┌──────── a person, steps 1–5 all ruled out ◀── STEP(training)
                      ▼                                                       │ mark, otherwise
                 STEP(ability) ─mark──────────────────────────────────▶ CONCLUDING
                                                                              │ conclude (form)
                                                                              ▼
                                                                          CONCLUDED

Each mark is ruled out or a problem here, which moves on. Ask the department (only the steps
with a department in ``evidence.DEPARTMENTS``) keeps the step where it is, waiting for the
department's answer or for the manager to decide without it (``salesbot.department``).

Every change bumps ``version``; a button carries the version it was
drawn for, and the store changes a diagnosis only ``WHERE version = seen``: a double click, a
Slack retry or an old message moves nothing, and the current state is shown instead.

One open diagnosis per subject and period (the store's unique ``open_key``). Who may: the
subject's managers and admins; anyone else is refused with the same words whether the person
exists or not. Every view and change is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from salesbot.access import Actor
from salesbot.errors import FieldCheck, InvalidInput, PermissionDenied
from salesbot.evidence import ABILITY, DEPARTMENTS, STEPS, TRAINING
from salesbot.goals import Subject
from salesbot.periods import Period
from salesbot.progress import PersonStatus, ProgressStore, behind_in_teams
from salesbot.records import AuditTrail, InWorkspace, PersonRecord, TeamRecord

# States.
STEP, CONCLUDING, CONCLUDED = "step", "concluding", "concluded"
# A step's mark.
RULED_OUT, PROBLEM, ASK_DEPARTMENT, PENDING = "ruled_out", "problem", "ask_department", "pending"
MARKS = (RULED_OUT, PROBLEM, ASK_DEPARTMENT)
# The steps before the salesperson's own ability.
PROCESS_STEPS = STEPS[: STEPS.index(ABILITY)]

ROOT_CAUSES = ("product", "delivery", "price", "service", "marketing", "training", "ability", "outside")
MAX_ACTIONS = 3
NOTES_MAX = 2000
ACTION_MAX = 200

# Form fields, so each error shows under its own input.
F_ROOT_CAUSE, F_NOTES, F_FOLLOW_UP = "root_cause", "notes", "follow_up"


def f_action(n: int) -> str:
    return f"action_{n}"


def f_owner(n: int) -> str:
    return f"owner_{n}"


def f_department(n: int) -> str:
    return f"department_{n}"


# The departments an action may go to (their contacts are in the settings).
ACTION_DEPARTMENTS = tuple(dict.fromkeys(DEPARTMENTS.values()))


# -- what storage gives ------------------------------------------------------------------------


class DiagnosisRecord(Protocol):
    id: int
    scope: str
    person_id: int | None
    team_id: int | None
    period_key: str
    started_by_id: int
    state: str
    current_step: str | None
    root_cause: str | None
    notes: str
    follow_up_on: date | None
    version: int
    concluded_by_id: int | None
    concluded_figures: dict | None  # salesbot.follow_up.take_snapshot
    follow_up_sent_at: datetime | None


class DiagnosisStepRecord(Protocol):
    step: str
    mark: str
    note: str
    decided_by_id: int | None


class DiagnosisActionRecord(Protocol):
    text: str
    owner_id: int | None
    department: str | None


@dataclass(frozen=True)
class ActionSpec:
    """An action and who owns it: a person, or a department (whose contact is told)."""

    text: str
    owner_id: int | None
    department: str | None = None


class DiagnosisStore(InWorkspace, AuditTrail, Protocol):
    def person(self, person_id: int) -> PersonRecord | None: ...
    def team_by_id(self, team_id: int) -> TeamRecord | None: ...
    def managed_teams(self, person: PersonRecord) -> Sequence[TeamRecord]: ...
    def diagnosis(self, diagnosis_id: int) -> DiagnosisRecord | None: ...
    def open_diagnosis(self, open_key: str) -> DiagnosisRecord | None: ...
    def start_diagnosis(
        self, *, subject: Subject, period: Period, open_key: str, started_by_id: int, first_step: str
    ) -> tuple[DiagnosisRecord, bool]: ...
    def diagnosis_steps(self, diagnosis_id: int) -> Sequence[DiagnosisStepRecord]: ...
    def diagnosis_actions(self, diagnosis_id: int) -> Sequence[DiagnosisActionRecord]: ...
    def mark_diagnosis_step(
        self,
        diagnosis: DiagnosisRecord,
        *,
        seen_version: int,
        step: str,
        mark: str,
        decided_by_id: int,
        state: str,
        next_step: str | None,
    ) -> bool: ...
    def conclude_diagnosis(
        self,
        diagnosis: DiagnosisRecord,
        *,
        seen_version: int,
        root_cause: str,
        notes: str,
        follow_up_on: date,
        actions: Sequence[ActionSpec],
        concluded_by_id: int,
        concluded_figures: Mapping | None = None,
    ) -> bool: ...
    def open_diagnoses_of(self, started_by_id: int) -> Sequence[DiagnosisRecord]: ...


@dataclass(frozen=True)
class DiagnosisView:
    """A diagnosis as its reader sees it: the row, its subject and period, each step's mark,
    and whether this answer is a redraw after a stale press."""

    diagnosis: DiagnosisRecord
    subject: Subject
    period: Period
    marks: Mapping[str, str]
    actions: Sequence[DiagnosisActionRecord] = ()
    stale: bool = False
    created: bool = False

    @property
    def steps(self) -> tuple[str, ...]:
        """The steps this diagnosis walks: ability only for a person, once 1–5 are ruled out."""
        return steps_for(self.subject.scope, self.marks)


# -- the state machine (pure) ------------------------------------------------------------------


def steps_for(scope: str, marks: Mapping[str, str]) -> tuple[str, ...]:
    if scope == "person" and all(marks.get(step) == RULED_OUT for step in PROCESS_STEPS):
        return STEPS
    return PROCESS_STEPS


def after_mark(scope: str, step: str, marks: Mapping[str, str]) -> tuple[str, str | None]:
    """The state and step a diagnosis moves to once ``step`` is marked (``marks`` includes it)."""
    if step == TRAINING and steps_for(scope, marks) == STEPS:
        return STEP, ABILITY
    if step in (TRAINING, ABILITY):
        return CONCLUDING, None
    return STEP, PROCESS_STEPS[PROCESS_STEPS.index(step) + 1]


def may_mark(step: str, mark: str) -> bool:
    """Ask the department only where a step has one."""
    return mark in MARKS and (mark != ASK_DEPARTMENT or step in DEPARTMENTS)


def open_key(subject: Subject, period: Period) -> str:
    """What makes a diagnosis the only open one: its subject and period."""
    return f"{subject.scope}:{subject.id}:{period.key}"


# -- who may -----------------------------------------------------------------------------------


def may_diagnose(store: DiagnosisStore, actor: Actor, subject: Subject) -> bool:
    """The subject's managers and admins; nobody diagnoses themselves."""
    if subject.scope == "person":
        if subject.person.id == actor.person_id and not actor.is_admin:
            return False
        return actor.is_admin or subject.person.id in actor.managed_person_ids
    if actor.is_admin:
        return True
    me = store.person(actor.person_id)
    return subject.team.id in {team.id for team in store.managed_teams(me)}


def refuse() -> PermissionDenied:
    """The one refusal for anyone else: it names nobody and tells nothing about the subject."""
    return PermissionDenied("diagnosis.denied")


def require_may_diagnose(store: DiagnosisStore, actor: Actor, subject: Subject | None) -> None:
    if subject is None or not may_diagnose(store, actor, subject):
        raise refuse()


# -- use cases ---------------------------------------------------------------------------------


def subject_of(store: DiagnosisStore, diagnosis: DiagnosisRecord) -> Subject:
    if diagnosis.scope == "person":
        return Subject("person", person=store.person(diagnosis.person_id))
    return Subject("team", team=store.team_by_id(diagnosis.team_id))


def view_of(store: DiagnosisStore, diagnosis: DiagnosisRecord, **flags: bool) -> DiagnosisView:
    """``diagnosis`` as its reader sees it (read only once the reader is known to may)."""
    marks = {row.step: row.mark for row in store.diagnosis_steps(diagnosis.id)}
    actions = store.diagnosis_actions(diagnosis.id) if diagnosis.state == CONCLUDED else ()
    return DiagnosisView(
        diagnosis=diagnosis,
        subject=subject_of(store, diagnosis),
        period=Period.from_key(diagnosis.period_key),
        marks=marks,
        actions=actions,
        **flags,
    )


def audit(store: DiagnosisStore, actor: Actor, action: str, diagnosis: DiagnosisRecord, **details) -> None:
    """One entry in the audit log about ``diagnosis``: every view and change of it is written."""
    store.audit(
        actor_id=actor.person_id,
        action=action,
        entity="diagnosis",
        entity_id=diagnosis.id,
        scope=diagnosis.scope,
        subject=diagnosis.person_id or diagnosis.team_id,
        period=diagnosis.period_key,
        **details,
    )


def start_or_resume(store: DiagnosisStore, actor: Actor, subject: Subject, period: Period) -> DiagnosisView:
    """The open diagnosis of ``subject`` for ``period`` where it stands, started if there is none.

    Two managers starting the same one at once both get the single row (the store's insert
    tolerates the other's)."""
    require_may_diagnose(store, actor, subject)
    key = open_key(subject, period)
    diagnosis = store.open_diagnosis(key)
    created = False
    if diagnosis is None:
        diagnosis, created = store.start_diagnosis(
            subject=subject, period=period, open_key=key, started_by_id=actor.person_id, first_step=STEPS[0]
        )
    audit(store, actor, "diagnosis.started" if created else "diagnosis.viewed", diagnosis)
    return view_of(store, diagnosis, created=created)


def readable(store: DiagnosisStore, actor: Actor, diagnosis_id: int) -> DiagnosisRecord:
    """The diagnosis ``actor`` may read; anyone else (or a missing id) gets the one refusal."""
    diagnosis = store.diagnosis(diagnosis_id)
    if diagnosis is None:
        raise refuse()
    require_may_diagnose(store, actor, subject_of(store, diagnosis))
    return diagnosis


def show(store: DiagnosisStore, actor: Actor, diagnosis_id: int) -> DiagnosisView:
    """A diagnosis where it stands (Resume on App Home)."""
    diagnosis = readable(store, actor, diagnosis_id)
    audit(store, actor, "diagnosis.viewed", diagnosis)
    return view_of(store, diagnosis)


def mark_step(
    store: DiagnosisStore, actor: Actor, diagnosis_id: int, *, seen_version: int, step: str, mark: str
) -> DiagnosisView:
    """Marks ``step`` as the button drawn at ``seen_version`` said; a stale press (the diagnosis
    has moved on since) changes nothing and answers with where it stands."""
    diagnosis = readable(store, actor, diagnosis_id)
    if not may_mark(step, mark):
        raise InvalidInput("diagnosis.bad_mark")
    if diagnosis.version != seen_version or diagnosis.state != STEP or diagnosis.current_step != step:
        return view_of(store, diagnosis, stale=True)
    marks = {row.step: row.mark for row in store.diagnosis_steps(diagnosis.id)} | {step: mark}
    state, next_step = after_mark(diagnosis.scope, step, marks)
    moved = store.mark_diagnosis_step(
        diagnosis,
        seen_version=seen_version,
        step=step,
        mark=mark,
        decided_by_id=actor.person_id,
        state=state,
        next_step=next_step,
    )
    if not moved:  # another press won the race between our read and our write
        return view_of(store, store.diagnosis(diagnosis_id), stale=True)
    audit(store, actor, "diagnosis.step_marked", diagnosis, step=step, mark=mark)
    return view_of(store, store.diagnosis(diagnosis_id))


def require_concluding(store: DiagnosisStore, actor: Actor, diagnosis_id: int) -> DiagnosisRecord:
    """The diagnosis a Conclude button opens the form for: every step marked."""
    diagnosis = readable(store, actor, diagnosis_id)
    if diagnosis.state != CONCLUDING:
        raise InvalidInput("diagnosis.not_ready")
    return diagnosis


def read_conclusion(
    *,
    root_cause: str | None,
    notes: str,
    actions: Sequence[tuple[str, int | None, str | None]],
    follow_up_on: date | None,
    today: date,
    reachable_departments: Collection[str] = ACTION_DEPARTMENTS,
) -> tuple[str, str, list[ActionSpec], date]:
    """The conclusion form read whole: every field's error at once (``FieldErrors``). Each action
    is (text, owner's person id, department): a person or a department owns it, not both, and a
    department only when it has a contact to tell (``reachable_departments``)."""
    check = FieldCheck()
    if root_cause not in ROOT_CAUSES:
        check.refuse(F_ROOT_CAUSE, InvalidInput("diagnosis.root_cause_missing"))
    if len(notes) > NOTES_MAX:
        check.refuse(F_NOTES, InvalidInput("diagnosis.notes_too_long", limit=NOTES_MAX))
    specs: list[ActionSpec] = []
    for n, (text, owner_id, department) in enumerate(actions, start=1):
        text = " ".join(text.split())
        if not text and owner_id is None and department is None:
            continue
        if not text:
            check.refuse(f_action(n), InvalidInput("diagnosis.action_missing"))
        elif len(text) > ACTION_MAX:
            check.refuse(f_action(n), InvalidInput("diagnosis.action_too_long", limit=ACTION_MAX))
        if owner_id is None and department is None:
            check.refuse(f_owner(n), InvalidInput("diagnosis.owner_missing"))
        elif owner_id is not None and department is not None:
            check.refuse(f_department(n), InvalidInput("diagnosis.owner_both"))
        elif department is not None and department not in ACTION_DEPARTMENTS:
            check.refuse(f_department(n), InvalidInput("diagnosis.owner_missing"))
        elif department is not None and department not in reachable_departments:
            check.refuse(f_department(n), InvalidInput(f"diagnosis.no_contact_for_action.{department}"))
        elif text and len(text) <= ACTION_MAX:
            specs.append(ActionSpec(text, owner_id, department))
    if not specs and not check.errors:
        check.refuse(f_action(1), InvalidInput("diagnosis.action_missing"))
    if follow_up_on is None or follow_up_on <= today:
        check.refuse(F_FOLLOW_UP, InvalidInput("diagnosis.follow_up_future"))
    check.done()
    return root_cause, notes.strip(), specs, follow_up_on


def conclude(
    store: DiagnosisStore,
    actor: Actor,
    diagnosis_id: int,
    *,
    seen_version: int,
    root_cause: str,
    notes: str,
    actions: Sequence[ActionSpec],
    follow_up_on: date,
    figures: Callable[[DiagnosisRecord], Mapping] | None = None,
) -> DiagnosisView:
    """Closes the diagnosis with its conclusion; refused when it changed since the form opened.
    ``figures`` gives what to keep for the follow-up (``salesbot.follow_up.snapshot_of``), asked
    once the actor is known to may."""
    diagnosis = require_concluding(store, actor, diagnosis_id)
    if diagnosis.version != seen_version or not store.conclude_diagnosis(
        diagnosis,
        seen_version=seen_version,
        root_cause=root_cause,
        notes=notes,
        follow_up_on=follow_up_on,
        actions=actions,
        concluded_by_id=actor.person_id,
        concluded_figures=figures(diagnosis) if figures is not None else None,
    ):
        raise InvalidInput("diagnosis.changed")
    audit(
        store,
        actor,
        "diagnosis.concluded",
        diagnosis,
        root_cause=root_cause,
        actions=len(actions),
        follow_up_on=follow_up_on.isoformat(),
    )
    return view_of(store, store.diagnosis(diagnosis_id))


class DigestBehindStore(DiagnosisStore, ProgressStore, Protocol):
    def teams(self) -> Sequence: ...


def diagnosable_behind(
    store: DigestBehindStore, actor: Actor, team_id: int | None, period: Period, *, today: date
) -> tuple[TeamRecord | None, list[PersonStatus]]:
    """Under a digest's people behind pace (a team's, or with ``team_id`` None every team's):
    the team when ``actor`` may diagnose it, and those behind whom they may diagnose; nobody
    else is named."""
    team_ids = [team_id] if team_id is not None else [view.team.id for view in store.teams()]
    behind = [
        item
        for item in behind_in_teams(store, team_ids, period, today=today)
        if may_diagnose(store, actor, Subject("person", person=item.person))
    ]
    team = store.team_by_id(team_id) if team_id is not None else None
    if team is not None and not may_diagnose(store, actor, Subject("team", team=team)):
        team = None
    return team, behind


def open_diagnoses(store: DiagnosisStore, actor: Actor) -> list[DiagnosisView]:
    """The open diagnoses ``actor`` started and may still see (App Home's Resume list)."""
    found = []
    for diagnosis in store.open_diagnoses_of(actor.person_id):
        subject = subject_of(store, diagnosis)
        if subject.id is not None and may_diagnose(store, actor, subject):
            found.append(view_of(store, diagnosis))
    return found
