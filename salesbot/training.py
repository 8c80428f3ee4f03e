"""Training that never stops: a library per workspace, assignments with due dates that can
recur, completion per person and occurrence, and when to remind.

Rules:

- Managers and admins add, edit and retire library items; everyone browses and searches.
- Managers assign to the people and teams they manage, admins to anyone. A team assignment
  names the team, not its people: who is in the team is read when asked (``assignments_for``),
  so a person who joins later has the team's open trainings, and one who leaves no longer does.
  No copy of the membership is kept that could drift from it.
- An assignment is due on its first due date and, when it recurs, every N weeks or months after
  it: occurrence k is due ``due_on(first, recurrence, k)``. The occurrence open for a person is
  the first not completed, counting from the latest one whose due date has passed: when an
  occurrence is completed or its due date passes, the next one comes up by itself. Completion
  is recorded once per person and occurrence.
- Reminders go out two working days before the due date and once when it has passed, in the
  person's working hours (09:00–16:00 on a working day in their own timezone).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol

from salesbot.access import Actor, Role, require_manager
from salesbot.commands import PLAIN_MENTION, split_subcommand, take_mentions, unquote
from salesbot.errors import Conflict, FieldCheck, InvalidInput, NotFound, PermissionDenied
from salesbot.names import clean_name, closest
from salesbot.periods import parse_date
from salesbot.products import ProductLookup, choose_product
from salesbot.records import (
    AuditTrail,
    PersonRecord,
    TeamRecord,
    TrainingAssignmentRecord,
    TrainingCompletionRecord,
    TrainingItemRecord,
)
from salesbot.teams import TeamLookup, find_team
from salesbot.workdays import MONDAY_TO_FRIDAY, Workdays

TITLE_MAX = 150
CONTENT_MAX = 2000
MINUTES_MAX = 600
EVERY_MAX = 52
PAGE_SIZE = 8
TOPICS = ("product", "audience", "strategy", "technique")
WEEKS, MONTHS = "weeks", "months"
# The words people type for each topic, in both languages.
_TOPIC_WORDS = {
    "product": "product",
    "products": "product",
    "produkt": "product",
    "produktkunnskap": "product",
    "audience": "audience",
    "target": "audience",
    "målgruppe": "audience",
    "strategy": "strategy",
    "strategi": "strategy",
    "salgsstrategi": "strategy",
    "technique": "technique",
    "teknikk": "technique",
    "salgsteknikk": "technique",
}
# The form's fields, as its errors name them.
F_TITLE, F_CONTENT, F_TOPIC, F_PRODUCT, F_MINUTES = "title", "content", "topic", "product", "minutes"
F_PEOPLE, F_TEAM, F_DUE, F_EVERY, F_UNIT = "people", "team", "due", "every", "unit"
# The item, picked in the assign form when it was opened for a person rather than from an item.
F_ITEM = "item"

# Reminders: how many working days before the due date, and the working hours they go out in.
REMIND_DAYS_BEFORE = 2
WORK_START, WORK_END = time(9, 0), time(16, 0)
BEFORE, OVERDUE = "before", "overdue"

LIST, SEARCH, ADD, EDIT, RETIRE, ASSIGN, STATUS, MINE = (
    "list",
    "search",
    "add",
    "edit",
    "retire",
    "assign",
    "status",
    "mine",
)
_ACTIONS = {
    "list": LIST,
    "liste": LIST,
    "search": SEARCH,
    "søk": SEARCH,
    "add": ADD,
    "ny": ADD,
    "legg": ADD,
    "edit": EDIT,
    "endre": EDIT,
    "retire": RETIRE,
    "arkiver": RETIRE,
    "assign": ASSIGN,
    "tildel": ASSIGN,
    "status": STATUS,
    "mine": MINE,
    "my": MINE,
}


class TrainingStore(TeamLookup, ProductLookup, AuditTrail, Protocol):
    """What the training library, its assignments and completions need of the store."""

    def training_item(self, item_id: int) -> TrainingItemRecord | None: ...
    def training_item_by_title(self, title: str) -> TrainingItemRecord | None: ...
    def training_titles(self) -> Sequence[str]: ...
    def training_items(
        self, words: Sequence[str] = (), *, limit: int = 10, offset: int = 0
    ) -> Sequence[TrainingItemRecord]: ...
    def count_training_items(self, words: Sequence[str] = ()) -> int: ...
    def add_training_item(self, **fields: object) -> TrainingItemRecord: ...
    def save_training_item(self, item: TrainingItemRecord) -> TrainingItemRecord: ...
    def add_training_assignment(self, **fields: object) -> TrainingAssignmentRecord: ...
    def training_assignment(self, assignment_id: int) -> TrainingAssignmentRecord | None: ...
    def assignments_for(
        self, person_ids: Collection[int]
    ) -> Sequence[tuple[int, TrainingAssignmentRecord, TrainingItemRecord]]: ...
    def training_completions(
        self, assignment_ids: Collection[int], person_ids: Collection[int]
    ) -> Sequence[TrainingCompletionRecord]: ...
    def record_training_completion(self, **fields: object) -> bool: ...
    def directly_assigned_person_ids(self) -> Collection[int]: ...
    def member_ids(self, team_ids: Collection[int]) -> Mapping[int, set[int]]: ...
    def people_by_ids(self, person_ids: Collection[int]) -> Mapping[int, PersonRecord]: ...


# -- the library ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemDraft:
    """A library item as typed or submitted, before it is checked."""

    title: str = ""
    content: str = ""
    topic: str | None = None
    product: str | None = None  # a name typed
    product_id: int | None = None  # picked in the form
    minutes: str | int | None = None


def topic_of(word: str | None) -> str | None:
    return _TOPIC_WORDS.get((word or "").strip().casefold())


def read_item(store: TrainingStore, draft: ItemDraft, *, keep_id: int | None = None) -> dict:
    """The item's fields, checked together: every wrong one refused at once (``FieldErrors``).

    ``keep_id`` is the item being edited (its own title is not a duplicate)."""
    check = FieldCheck()
    title = check.read(F_TITLE, lambda: _title(draft.title))
    if title is not None:
        same = store.training_item_by_title(title)
        if same is not None and same.id != keep_id:
            check.refuse(F_TITLE, Conflict("training.exists", title=same.title, field=F_TITLE))
    content = " ".join(draft.content.split()) if "\n" not in draft.content else draft.content.strip()
    content = _unlink(content)
    if not content:
        check.refuse(F_CONTENT, InvalidInput("training.content_missing", example="training.add_usage"))
    elif len(content) > CONTENT_MAX:
        check.refuse(F_CONTENT, InvalidInput("training.content_too_long", max=CONTENT_MAX))
    topic = draft.topic if draft.topic in TOPICS else topic_of(draft.topic)
    if topic is None:
        check.refuse(
            F_TOPIC,
            InvalidInput("training.topic_invalid", example="training.add_usage", text=draft.topic or ""),
        )
    product = check.read(
        F_PRODUCT, lambda: choose_product(store, product_id=draft.product_id, name=draft.product)
    )
    minutes = check.read(F_MINUTES, lambda: _minutes(draft.minutes))
    check.done()
    return {
        "title": title,
        "content": content,
        "topic": topic,
        "product_id": product.id if product else None,
        "minutes": minutes,
    }


def _title(text: str) -> str:
    try:
        return clean_name(unquote(text), max_length=TITLE_MAX, kind="training")
    except InvalidInput as error:
        raise InvalidInput(error.key, example="training.add_usage", **error.params) from None


def _minutes(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip().casefold().removesuffix("min").strip()
    if not text.isdigit() or not 1 <= int(text) <= MINUTES_MAX:
        raise InvalidInput("training.minutes_invalid", text=str(value), max=MINUTES_MAX)
    return int(text)


# A link Slack made of a typed URL: <https://…> or <https://…|label>.
_SLACK_LINK = re.compile(r"<(https?://[^|>]+)(?:\|[^>]*)?>")


def _unlink(text: str) -> str:
    return _SLACK_LINK.sub(lambda match: match.group(1), text)


def add_item(store: TrainingStore, actor: Actor, draft: ItemDraft) -> TrainingItemRecord:
    require_manager(actor, "train add")
    fields = read_item(store, draft)
    item = store.add_training_item(
        title_key=item_key(fields["title"]), created_by_id=actor.person_id, **fields
    )
    store.audit(
        actor_id=actor.person_id, action="training.added", entity="training_item", entity_id=item.id, **fields
    )
    return item


def edit_item(store: TrainingStore, actor: Actor, item_id: int, draft: ItemDraft) -> TrainingItemRecord:
    require_manager(actor, "train edit")
    item = store.training_item(item_id)
    if item is None:
        raise NotFound("training.not_found", title=str(item_id))
    fields = read_item(store, draft, keep_id=item.id)
    before = {key: getattr(item, key) for key in fields}
    for key, value in fields.items():
        setattr(item, key, value)
    item.title_key = item_key(item.title)
    store.save_training_item(item)
    changed = {key: [before[key], value] for key, value in fields.items() if before[key] != value}
    store.audit(
        actor_id=actor.person_id,
        action="training.edited",
        entity="training_item",
        entity_id=item.id,
        changed=changed,
    )
    return item


def retire_item(store: TrainingStore, actor: Actor, title: str) -> TrainingItemRecord:
    """Takes an item out of the library: it is no longer listed, assigned or reminded of;
    completions already recorded are kept."""
    require_manager(actor, "train retire")
    item = find_item(store, title, include_retired=True)
    if not item.active:
        raise Conflict("training.already_retired", title=item.title)
    item.active = False
    store.save_training_item(item)
    store.audit(
        actor_id=actor.person_id,
        action="training.retired",
        entity="training_item",
        entity_id=item.id,
        title=item.title,
    )
    return item


def find_item(store: TrainingStore, title: str, *, include_retired: bool = False) -> TrainingItemRecord:
    """The item called ``title``; an unknown title is answered with the closest ones."""
    title = unquote(title)
    if not title:
        raise InvalidInput("training.title_missing", example="training.usage")
    item = store.training_item_by_title(title)
    if item is not None and (item.active or include_retired):
        return item
    suggestions = closest(title, store.training_titles())
    key = "training.not_found_suggest" if suggestions else "training.not_found"
    raise NotFound(key, example="training.usage", title=title, suggestions=", ".join(suggestions))


def item_key(title: str) -> str:
    return " ".join(title.split()).casefold()


@dataclass(frozen=True)
class LibraryPage:
    items: Sequence[TrainingItemRecord]
    total: int
    page: int
    pages: int
    words: tuple[str, ...] = ()


def library_page(store: TrainingStore, words: Sequence[str] = (), *, page: int = 1) -> LibraryPage:
    """One page of the active items whose title, text or topic holds every word, by title."""
    words = tuple(word.casefold() for word in words if word.strip())
    total = store.count_training_items(words)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    items = store.training_items(words, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return LibraryPage(items=items, total=total, page=page, pages=pages, words=words)


# -- what people type ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recurrence:
    every: int
    unit: str  # weeks | months


@dataclass(frozen=True)
class TrainCommand:
    action: str
    words: tuple[str, ...] = ()
    draft: ItemDraft | None = None
    title: str = ""
    user_ids: tuple[str, ...] = ()
    team: str | None = None
    due: date | None = None
    recurrence: Recurrence | None = None


_KEYWORDS = {
    "link": F_CONTENT,
    "lenke": F_CONTENT,
    "text": F_CONTENT,
    "tekst": F_CONTENT,
    "topic": F_TOPIC,
    "tema": F_TOPIC,
    "product": F_PRODUCT,
    "produkt": F_PRODUCT,
    "minutes": F_MINUTES,
    "minutter": F_MINUTES,
    "min": F_MINUTES,
    "time": F_MINUTES,
}
_KEYWORD = re.compile(r"(?:^|\s)(" + "|".join(_KEYWORDS) + r"):", re.IGNORECASE)
_TEAM = re.compile(r"(?:^|\s)(?:team|lag):", re.IGNORECASE)
_DUE = re.compile(r"\s(?:due|by|frist|innen)\s", re.IGNORECASE)
_EVERY = re.compile(
    r"\s(?:every|hver|hvert)\s+(\d+)?\.?\s*(weeks?|months?|uker?|måned(?:er)?|mnd)\s*$", re.IGNORECASE
)
_UNITS = {"w": WEEKS, "u": WEEKS, "m": MONTHS}


def parse_train(text: str, *, today: date, lang: str) -> TrainCommand:
    """``train`` alone lists the library; a word that is no action searches it."""
    word, rest = split_subcommand(text)
    action = _ACTIONS.get(word)
    if word == "legg" and rest.casefold().startswith("til"):  # "legg til": add, in Norwegian
        rest = rest[3:].strip()
    if action is None:
        return TrainCommand(action=SEARCH if text.strip() else LIST, words=tuple(text.split()))
    if action in (LIST, MINE):
        return TrainCommand(action=action)
    if action == SEARCH:
        return TrainCommand(action=SEARCH, words=tuple(rest.split()))
    if action == ADD:
        return TrainCommand(action=ADD, draft=parse_item(rest) if rest else None)
    if action in (EDIT, RETIRE):
        if action == RETIRE and not rest:
            raise InvalidInput("training.title_missing", example="training.usage")
        return TrainCommand(action=action, title=unquote(rest))
    if action == STATUS:
        return _parse_status(rest)
    return parse_assign(rest, today=today, lang=lang)


def parse_item(text: str) -> ItemDraft:
    """``TITLE link:URL topic:TOPIC [product:NAME] [minutes:N]`` (``text:`` instead of a link)."""
    marks = list(_KEYWORD.finditer(text))
    if not marks:
        raise InvalidInput("training.add_form", example="training.add_usage", text=text)
    values: dict[str, str] = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        values[_KEYWORDS[mark.group(1).casefold()]] = text[mark.end() : end].strip()
    return ItemDraft(
        title=text[: marks[0].start()].strip(),
        content=values.get(F_CONTENT, ""),
        topic=values.get(F_TOPIC) or "",
        product=values.get(F_PRODUCT) or None,
        minutes=values.get(F_MINUTES) or None,
    )


def parse_assign(text: str, *, today: date, lang: str) -> TrainCommand:
    """``ITEM @person… | team:NAME due DATE [every N weeks|months]``."""
    if not text:
        return TrainCommand(action=ASSIGN)
    recurrence = None
    every = _EVERY.search(text)
    if every:
        count = int(every.group(1) or 1)
        if not 1 <= count <= EVERY_MAX:
            raise InvalidInput("training.every_invalid", example="training.assign_usage", max=EVERY_MAX)
        recurrence = Recurrence(count, _UNITS[every.group(2)[0].casefold()])
        text = text[: every.start()]
    due_mark = _DUE.search(f" {text} ")
    if due_mark is None:
        raise InvalidInput("training.due_missing", example="training.assign_usage")
    padded = f" {text} "
    head, due_text = padded[: due_mark.start()].strip(), padded[due_mark.end() :].strip()
    due = parse_date(due_text, today=today, lang=lang)
    user_ids, remainder = take_mentions(head)
    plain = PLAIN_MENTION.findall(remainder)
    if plain:
        raise InvalidInput("command.plain_mention", example="training.assign_usage", text=plain[0])
    team = None
    team_mark = _TEAM.search(remainder)
    if team_mark:
        team = unquote(remainder[team_mark.end() :].strip())
        remainder = remainder[: team_mark.start()].strip()
        if not team:
            raise InvalidInput("team.name_missing", example="training.assign_usage")
    if not user_ids and team is None:
        raise InvalidInput("training.assignee_missing", example="training.assign_usage")
    if not remainder:
        raise InvalidInput("training.title_missing", example="training.assign_usage")
    return TrainCommand(
        action=ASSIGN,
        title=unquote(remainder),
        user_ids=tuple(user_ids),
        team=team,
        due=due,
        recurrence=recurrence,
    )


def _parse_status(rest: str) -> TrainCommand:
    user_ids, remainder = take_mentions(rest)
    team = None
    team_mark = _TEAM.search(remainder)
    if team_mark:
        team = unquote(remainder[team_mark.end() :].strip())
        remainder = remainder[: team_mark.start()].strip()
    if remainder or len(user_ids) > 1 or (user_ids and team):
        raise InvalidInput("training.status_form", example="training.usage", text=rest)
    return TrainCommand(action=STATUS, user_ids=tuple(user_ids), team=team)


# -- assigning ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assigned:
    """What an assignment made: the assignments, and the people to tell (a team's members now)."""

    item: TrainingItemRecord
    assignments: list[TrainingAssignmentRecord]
    people: list[PersonRecord]
    teams: list[TeamRecord]


def read_recurrence(every: str | int | None, unit: str | None) -> Recurrence | None:
    """The form's "every N weeks/months": none when N is empty."""
    if every in (None, ""):
        return None
    text = str(every).strip()
    if not text.isdigit() or not 1 <= int(text) <= EVERY_MAX:
        raise InvalidInput("training.every_invalid", max=EVERY_MAX, field=F_EVERY)
    return Recurrence(int(text), unit if unit in (WEEKS, MONTHS) else WEEKS)


def assign(
    store: TrainingStore,
    actor: Actor,
    item: TrainingItemRecord,
    *,
    people: Sequence[PersonRecord] = (),
    teams: Sequence[TeamRecord] = (),
    due: date,
    recurrence: Recurrence | None,
    today: date,
    now: datetime | None = None,
) -> Assigned:
    """Assigns ``item`` to each of ``people`` and ``teams``: managers to the people and teams
    they manage, admins to anyone. The due date is today or later."""
    require_manager(actor, "train assign")
    if not item.active:
        raise Conflict("training.retired", title=item.title)
    if not people and not teams:
        raise InvalidInput("training.assignee_missing", example="training.assign_usage", field=F_PEOPLE)
    if due < today:
        raise InvalidInput("training.due_past", example="training.assign_usage", field=F_DUE)
    for person in people:
        if person.is_bot:
            raise InvalidInput("training.bot", name=person.name, field=F_PEOPLE)
        if not actor.is_admin and person.id not in actor.managed_person_ids:
            raise PermissionDenied("training.not_your_person", name=person.name, field=F_PEOPLE)
    managed = {team.id for team in store.managed_teams(store.person(actor.person_id))}
    for team in teams:
        if not actor.is_admin and team.id not in managed:
            raise PermissionDenied("training.not_your_team", team=team.name, field=F_TEAM)
    assignments = []
    subjects = [("person_id", p.id) for p in _distinct(people)] + [
        ("team_id", t.id) for t in _distinct(teams)
    ]
    for column, subject_id in subjects:
        assignment = store.add_training_assignment(
            item_id=item.id,
            first_due=due,
            every=recurrence.every if recurrence else None,
            unit=recurrence.unit if recurrence else None,
            assigned_by_id=actor.person_id,
            # The request's clock: when to skip a reminder the assignment's own DM has just made.
            **({"created_at": now} if now else {}),
            **{column: subject_id},
        )
        assignments.append(assignment)
        store.audit(
            actor_id=actor.person_id,
            action="training.assigned",
            entity="training_assignment",
            entity_id=assignment.id,
            item=item.title,
            due=due.isoformat(),
            every=recurrence.every if recurrence else None,
            unit=recurrence.unit if recurrence else None,
            **{column: subject_id},
        )
    told = {person.id: person for person in people}
    members = store.member_ids([team.id for team in teams])
    others = {pid for ids in members.values() for pid in ids} - set(told)
    told.update(store.people_by_ids(others))
    return Assigned(
        item=item,
        assignments=assignments,
        people=[p for p in told.values() if not p.deleted and not p.is_bot],
        teams=list(teams),
    )


def _distinct(things: Sequence) -> list:
    return list({thing.id: thing for thing in things}.values())


# -- occurrences ------------------------------------------------------------------------------------------


def due_on(first: date, recurrence: Recurrence | None, occurrence: int) -> date:
    """When occurrence ``occurrence`` (0 is the first) is due; months keep the first's day where
    the month has it, else its last day."""
    if recurrence is None or occurrence == 0:
        return first
    if recurrence.unit == WEEKS:
        return first + timedelta(weeks=recurrence.every * occurrence)
    months = first.month - 1 + recurrence.every * occurrence
    year, month = first.year + months // 12, months % 12 + 1
    for day in range(first.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(first.day, 28))


def recurrence_of(assignment: TrainingAssignmentRecord) -> Recurrence | None:
    return Recurrence(assignment.every, assignment.unit) if assignment.every and assignment.unit else None


@dataclass(frozen=True)
class Occurrence:
    index: int
    due: date
    overdue: bool


def open_occurrence(
    assignment: TrainingAssignmentRecord, completed: Collection[int], today: date
) -> Occurrence | None:
    """The occurrence a person has to do now (None: a one-off they have done).

    Counting from the latest occurrence whose due date has passed (a missed one before it is not
    asked for again: the next one covers it), the first not completed; overdue when its due date
    has passed."""
    recurrence = recurrence_of(assignment)
    if recurrence is None:
        if 0 in completed:
            return None
        return Occurrence(0, assignment.first_due, assignment.first_due < today)
    passed = -1
    while due_on(assignment.first_due, recurrence, passed + 1) < today:
        passed += 1
    index = max(passed, 0)
    while index in completed:
        index += 1
    due = due_on(assignment.first_due, recurrence, index)
    return Occurrence(index, due, due < today)


@dataclass(frozen=True)
class DueTraining:
    """A person's open training: the assignment, its item and the occurrence to do."""

    person_id: int
    assignment: TrainingAssignmentRecord
    item: TrainingItemRecord
    occurrence: Occurrence


@dataclass(frozen=True)
class PersonTraining:
    """What a person has of their trainings: those open, and how many occurrences they completed."""

    person: PersonRecord
    open: list[DueTraining] = field(default_factory=list)
    completed: int = 0

    @property
    def overdue(self) -> list[DueTraining]:
        return [due for due in self.open if due.occurrence.overdue]


def trainings_of(store: TrainingStore, person_ids: Collection[int], today: date) -> dict[int, PersonTraining]:
    """Each person's open trainings (soonest due first) and completed count."""
    person_ids = sorted(set(person_ids))
    people = store.people_by_ids(person_ids)
    rows = store.assignments_for(person_ids)
    completions = store.training_completions({a.id for _, a, _ in rows}, person_ids)
    done: dict[tuple[int, int], set[int]] = {}
    count: dict[int, int] = {}
    for row in completions:
        done.setdefault((row.assignment_id, row.person_id), set()).add(row.occurrence)
        count[row.person_id] = count.get(row.person_id, 0) + 1
    found = {
        pid: PersonTraining(person=people[pid], completed=count.get(pid, 0))
        for pid in person_ids
        if pid in people
    }
    for person_id, assignment, item in rows:
        if person_id not in found:
            continue
        occurrence = open_occurrence(assignment, done.get((assignment.id, person_id), set()), today)
        if occurrence is not None:
            found[person_id].open.append(DueTraining(person_id, assignment, item, occurrence))
    for training in found.values():
        training.open.sort(key=lambda due: (due.occurrence.due, due.item.title.casefold()))
    return found


def my_trainings(store: TrainingStore, actor: Actor, today: date) -> PersonTraining:
    return trainings_of(store, [actor.person_id], today)[actor.person_id]


@dataclass(frozen=True)
class Completion:
    item: TrainingItemRecord
    due: date
    recorded: bool  # False: it was recorded before (a double click, a retry)
    next_due: date | None


def complete(
    store: TrainingStore, actor: Actor, assignment_id: int, occurrence: int, today: date
) -> Completion:
    """Records that the actor has done ``occurrence`` of their assignment; once only."""
    assignment = store.training_assignment(assignment_id)
    if assignment is None or occurrence < 0:
        raise NotFound("training.assignment_gone")
    item = store.training_item(assignment.item_id)
    if assignment.person_id is not None:
        mine = assignment.person_id == actor.person_id
    else:
        mine = actor.person_id in store.member_ids([assignment.team_id]).get(assignment.team_id, set())
    if not mine:
        raise PermissionDenied("training.not_yours")
    due = due_on(assignment.first_due, recurrence_of(assignment), occurrence)
    recorded = store.record_training_completion(
        assignment_id=assignment.id,
        person_id=actor.person_id,
        item_id=assignment.item_id,
        team_id=assignment.team_id,
        occurrence=occurrence,
        due_on=due,
        completed_on=today,
    )
    if recorded:
        store.audit(
            actor_id=actor.person_id,
            action="training.completed",
            entity="training_assignment",
            entity_id=assignment.id,
            occurrence=occurrence,
            due=due.isoformat(),
        )
    done = {row.occurrence for row in store.training_completions([assignment.id], [actor.person_id])}
    following = open_occurrence(assignment, done, today)
    return Completion(item=item, due=due, recorded=recorded, next_due=following.due if following else None)


# -- who sees whose ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusView:
    """Trainings per person, for a team, a person, or everyone the reader may see."""

    trainings: list[PersonTraining]
    team: TeamRecord | None = None
    mine: bool = False


def status(
    store: TrainingStore,
    actor: Actor,
    *,
    today: date,
    person: PersonRecord | None = None,
    team_name: str | None = None,
) -> StatusView:
    """Reps see only their own; managers their teams' people; admins everyone's."""
    team = None
    if team_name is not None:
        team = find_team(store, team_name, example="training.usage")
        managed = {t.id for t in store.managed_teams(store.person(actor.person_id))}
        if not actor.is_admin and team.id not in managed:
            raise PermissionDenied("training.status_not_allowed")
        person_ids = store.member_ids([team.id]).get(team.id, set())
    elif person is not None:
        if not actor.may_manage(person.id):
            raise PermissionDenied("training.status_not_allowed")
        person_ids = {person.id}
    elif actor.role is Role.REP:
        person_ids = {actor.person_id}
    elif actor.is_admin:
        teams = store.team_names_by_id()
        person_ids = {pid for ids in store.member_ids(list(teams)).values() for pid in ids}
        person_ids |= set(store.directly_assigned_person_ids())
    else:
        person_ids = set(actor.managed_person_ids)
    found = trainings_of(store, person_ids, today)
    ordered = sorted(found.values(), key=lambda t: (-len(t.overdue), t.person.name.casefold()))
    return StatusView(trainings=ordered, team=team, mine=person_ids == {actor.person_id})


# -- reminders ---------------------------------------------------------------------------------------------


def in_working_hours(local: datetime, workdays: Workdays = MONDAY_TO_FRIDAY) -> bool:
    """``local`` (a wall time in the person's timezone) is in their working hours on a working day."""
    return workdays.is_working_day(local.date()) and WORK_START <= local.time() < WORK_END


def reminder_day(due: date, workdays: Workdays = MONDAY_TO_FRIDAY) -> date:
    """The working day ``REMIND_DAYS_BEFORE`` working days before ``due``."""
    day, left = due, REMIND_DAYS_BEFORE
    while left:
        day -= timedelta(days=1)
        if workdays.is_working_day(day):
            left -= 1
    return day


def reminder_kind(
    occurrence: Occurrence, local: datetime, workdays: Workdays = MONDAY_TO_FRIDAY, *, assigned_on: date
) -> str | None:
    """Which reminder of ``occurrence`` is due at ``local`` (the person's wall time), if any:
    ``OVERDUE`` once its due date has passed, ``BEFORE`` from its reminder day until it is due
    (not when it was assigned that day: the assignment's own message has just said it)."""
    if not in_working_hours(local, workdays):
        return None
    today = local.date()
    if occurrence.due < today:
        return OVERDUE
    if reminder_day(occurrence.due, workdays) <= today < occurrence.due and assigned_on < today:
        return BEFORE
    return None
