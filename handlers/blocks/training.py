"""Training in Block Kit: the library (paged, searchable), the item and assignment forms, the
message an assignee gets with its Done button, their list, the status view, and the Home part."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserMultiSelectElement,
)

from handlers import ids
from handlers.blocks.common import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    OPTION_TEXT,
    SECTION_TEXT,
    as_dicts,
    build_form,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot import training
from salesbot.i18n import Formatter

# Options a static select may have.
SELECT_OPTIONS = 100
# Open trainings a list or the Home tab shows, each a section (with its Done button).
LIST_TRAININGS = 15
HOME_TRAININGS = 5
STATUS_PEOPLE = MESSAGE_BLOCKS - 4


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])


def _section(text: str, **kwargs) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)), **kwargs)


def _button(label: str, action_id: str, value: str, **kwargs) -> ButtonElement:
    return ButtonElement(text=clip(label, BUTTON_TEXT), action_id=action_id, value=value, **kwargs)


def _option(label: str, value: str) -> Option:
    return Option(text=clip(label, OPTION_TEXT), value=value)


def item_line(fmt: Formatter, item, products: Mapping[int, str]) -> str:
    """ "*Title* · Topic · 20 min · Product": how an item is named everywhere."""
    parts = [f"*{mrkdwn_escape(item.title)}*", fmt.t(f"training.topic.{item.topic}")]
    if item.minutes:
        parts.append(fmt.t("training.minutes", minutes=fmt.number(item.minutes)))
    if item.product_id in products:
        parts.append(mrkdwn_escape(products[item.product_id]))
    return " · ".join(parts)


def content_text(item, limit: int = 600) -> str:
    """The link (Slack shows it as one) or the text, escaped."""
    content = item.content.strip()
    if content.startswith(("http://", "https://")) and " " not in content:
        return f"<{content}>"
    return mrkdwn_escape(clip(content, limit))


def page_value(page: int, words: Sequence[str]) -> str:
    return clip(f"{page}|{' '.join(words)}", 2000)


def read_page_value(value: str) -> tuple[int, list[str]]:
    page, _, words = (value or "").partition("|")
    return (int(page) if page.isdigit() else 1), words.split()


# -- the library ------------------------------------------------------------------------------------


def build_library(
    fmt: Formatter,
    shown: training.LibraryPage,
    *,
    products: Mapping[int, str],
    manager: bool,
    notice: str | None = None,
) -> Reply:
    """A page of the library, each item with Assign, Edit and Retire for managers and admins."""
    if shown.words:
        title = fmt.t("training.search_title", words=" ".join(shown.words), count=fmt.number(shown.total))
    else:
        title = fmt.t("training.library_title", count=fmt.number(shown.total))
    blocks: list[Block] = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if notice:
        blocks.append(_section(notice))
    lines = [title]
    if not shown.items:
        empty = fmt.t("training.search_empty" if shown.words else "training.library_empty")
        blocks.append(_section(empty))
        lines.append(empty)
    for item in shown.items:
        line = item_line(fmt, item, products)
        lines.append(line)
        blocks.append(_section(f"{line}\n{content_text(item, 300)}", block_id=f"train_item:{item.id}"))
        if manager:
            value = str(item.id)
            blocks.append(
                ActionsBlock(
                    block_id=f"train_actions:{item.id}",
                    elements=[
                        _button(fmt.t("training.button.assign"), ids.TRAIN_ASSIGN, value, style="primary"),
                        _button(fmt.t("training.button.edit"), ids.TRAIN_EDIT, value),
                        _button(
                            fmt.t("training.button.retire"),
                            ids.TRAIN_RETIRE,
                            value,
                            confirm=ConfirmObject(
                                title=clip(fmt.t("training.retire_confirm.title"), 100),
                                text=clip(
                                    fmt.t("training.retire_confirm.text", title=mrkdwn_escape(item.title)),
                                    300,
                                ),
                                confirm=clip(fmt.t("training.button.retire"), 30),
                                deny=clip(fmt.t("training.retire_confirm.no"), 30),
                            ),
                        ),
                    ],
                )
            )
    buttons = []
    if shown.page > 1:
        buttons.append(
            _button(
                fmt.t("training.page_previous"),
                f"{ids.TRAIN_PAGE}:{shown.page - 1}",
                page_value(shown.page - 1, shown.words),
            )
        )
    if shown.page < shown.pages:
        buttons.append(
            _button(
                fmt.t("training.page_next"),
                f"{ids.TRAIN_PAGE}:{shown.page + 1}",
                page_value(shown.page + 1, shown.words),
            )
        )
    if manager:
        buttons.append(_button(fmt.t("training.button.add"), ids.TRAIN_ADD, "new"))
    if buttons:
        blocks.append(ActionsBlock(block_id="train_library", elements=buttons))
    footer = fmt.t("training.library_hint")
    if shown.pages > 1:
        footer = fmt.t("training.page", page=shown.page, pages=shown.pages) + " · " + footer
    blocks.append(_context(footer))
    return Reply(text=clip("\n".join(lines), 3000), blocks=as_dicts(blocks))


def build_item_modal(
    fmt: Formatter, *, products: Sequence[tuple[int, str]], private_metadata: str, item=None
) -> dict:
    """The form to add an item, or to edit ``item``."""
    topics = [_option(fmt.t(f"training.topic.{topic}"), topic) for topic in training.TOPICS]
    blocks: list[Block] = [
        InputBlock(
            block_id=training.F_TITLE,
            label=fmt.t("training.field.title"),
            element=PlainTextInputElement(
                action_id=training.F_TITLE,
                max_length=training.TITLE_MAX,
                initial_value=item.title if item else None,
            ),
        ),
        InputBlock(
            block_id=training.F_CONTENT,
            label=fmt.t("training.field.content"),
            hint=fmt.t("training.field.content_hint"),
            element=PlainTextInputElement(
                action_id=training.F_CONTENT,
                multiline=True,
                max_length=training.CONTENT_MAX,
                initial_value=item.content if item else None,
            ),
        ),
        InputBlock(
            block_id=training.F_TOPIC,
            label=fmt.t("training.field.topic"),
            element=StaticSelectElement(
                action_id=training.F_TOPIC,
                options=topics,
                initial_option=next((o for o in topics if item and o.value == item.topic), None),
            ),
        ),
    ]
    if products:
        options = [_option(name, str(product_id)) for product_id, name in products[:SELECT_OPTIONS]]
        blocks.append(
            InputBlock(
                block_id=training.F_PRODUCT,
                label=fmt.t("training.field.product"),
                optional=True,
                element=StaticSelectElement(
                    action_id=training.F_PRODUCT,
                    options=options,
                    initial_option=next(
                        (o for o in options if item and item.product_id and o.value == str(item.product_id)),
                        None,
                    ),
                ),
            )
        )
    blocks.append(
        InputBlock(
            block_id=training.F_MINUTES,
            label=fmt.t("training.field.minutes"),
            optional=True,
            element=PlainTextInputElement(
                action_id=training.F_MINUTES,
                max_length=4,
                initial_value=str(item.minutes) if item and item.minutes else None,
            ),
        )
    )
    return build_form(
        fmt,
        callback_id=ids.TRAIN_ITEM_MODAL,
        title=fmt.t("training.modal.edit_title" if item else "training.modal.add_title"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def build_assign_modal(
    fmt: Formatter,
    item,
    *,
    teams: Sequence[tuple[int, str]],
    today: date,
    private_metadata: str,
    items: Sequence = (),
    people: Sequence[str] = (),
) -> dict:
    """The form to assign ``item`` to people, a team, or both; without an item, one of ``items``
    is picked in it (opened for a person: ``people``, their Slack ids, are filled in)."""
    if item is not None:
        blocks: list[Block] = [
            _section(fmt.t("training.modal.assign_intro", title=mrkdwn_escape(item.title)))
        ]
    else:
        blocks = [
            _section(fmt.t("training.modal.assign_pick_intro")),
            InputBlock(
                block_id=training.F_ITEM,
                label=fmt.t("training.field.item"),
                element=StaticSelectElement(
                    action_id=training.F_ITEM,
                    options=[_option(i.title, str(i.id)) for i in items[:SELECT_OPTIONS]],
                ),
            ),
        ]
    blocks.append(
        InputBlock(
            block_id=training.F_PEOPLE,
            label=fmt.t("training.field.people"),
            optional=True,
            element=UserMultiSelectElement(action_id=training.F_PEOPLE, initial_users=list(people) or None),
        )
    )
    if teams:
        blocks.append(
            InputBlock(
                block_id=training.F_TEAM,
                label=fmt.t("training.field.team"),
                optional=True,
                element=StaticSelectElement(
                    action_id=training.F_TEAM,
                    options=[_option(name, str(team_id)) for team_id, name in teams[:SELECT_OPTIONS]],
                ),
            )
        )
    units = [_option(fmt.t(f"training.unit.{unit}"), unit) for unit in (training.WEEKS, training.MONTHS)]
    blocks += [
        InputBlock(
            block_id=training.F_DUE,
            label=fmt.t("training.field.due"),
            element=DatePickerElement(action_id=training.F_DUE, initial_date=today.isoformat()),
        ),
        InputBlock(
            block_id=training.F_EVERY,
            label=fmt.t("training.field.every"),
            hint=fmt.t("training.field.every_hint"),
            optional=True,
            element=PlainTextInputElement(action_id=training.F_EVERY, max_length=2),
        ),
        InputBlock(
            block_id=training.F_UNIT,
            label=fmt.t("training.field.unit"),
            optional=True,
            element=StaticSelectElement(action_id=training.F_UNIT, options=units, initial_option=units[0]),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.TRAIN_ASSIGN_MODAL,
        title=fmt.t("training.modal.assign_title"),
        submit=fmt.t("training.modal.assign_submit"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


# -- an assignee's trainings -------------------------------------------------------------------------


def done_value(assignment_id: int, occurrence: int) -> str:
    return f"{assignment_id}:{occurrence}"


def read_done_value(value: str) -> tuple[int, int] | None:
    assignment, _, occurrence = (value or "").partition(":")
    if assignment.isdigit() and occurrence.isdigit():
        return int(assignment), int(occurrence)
    return None


def due_text(fmt: Formatter, occurrence: training.Occurrence) -> str:
    key = "training.overdue_since" if occurrence.overdue else "training.due"
    return fmt.t(key, date=fmt.date(occurrence.due))


def recurrence_text(fmt: Formatter, assignment) -> str | None:
    recurrence = training.recurrence_of(assignment)
    if recurrence is None:
        return None
    return fmt.plural(f"training.every_{recurrence.unit}", recurrence.every)


def _training_section(fmt: Formatter, due: training.DueTraining, products: Mapping[int, str]) -> SectionBlock:
    lines = [item_line(fmt, due.item, products), content_text(due.item, 300)]
    when = due_text(fmt, due.occurrence)
    if (every := recurrence_text(fmt, due.assignment)) is not None:
        when += f" · {every}"
    lines.append(when)
    return _section(
        "\n".join(lines),
        block_id=f"train_due:{due.assignment.id}",
        accessory=_button(
            fmt.t("training.button.done"),
            ids.TRAIN_DONE,
            done_value(due.assignment.id, due.occurrence.index),
            style="primary",
        ),
    )


def build_training_message(
    fmt: Formatter,
    due: training.DueTraining,
    *,
    kind: str,
    products: Mapping[int, str],
    by: str | None = None,
) -> Reply:
    """The DM an assignee gets: assigned (by whom), a reminder before the due date, or overdue."""
    if kind == "assigned":
        intro = fmt.t("training.dm.assigned", user=mention(by) if by else "")
    else:
        intro = fmt.t(f"training.dm.{kind}", date=fmt.date(due.occurrence.due))
    blocks = [_section(intro), _training_section(fmt, due, products), _context(fmt.t("training.dm.hint"))]
    text = f"{intro}\n{due.item.title} · {due_text(fmt, due.occurrence)}"
    return Reply(text=clip(text, 3000), blocks=as_dicts(blocks))


def build_done(fmt: Formatter, completion: training.Completion) -> Reply:
    """The answer to Done, drawn over the message it was pressed on."""
    title = mrkdwn_escape(completion.item.title)
    key = "training.done" if completion.recorded else "training.done_already"
    text = fmt.t(key, title=title, date=fmt.date(completion.due))
    detail = fmt.t("training.next_due", date=fmt.date(completion.next_due)) if completion.next_due else None
    blocks: list[Block] = [_section(text)]
    if detail:
        blocks.append(_context(detail))
    return Reply(text=text + (f"\n{detail}" if detail else ""), blocks=as_dicts(blocks))


def build_my_trainings(
    fmt: Formatter, mine: training.PersonTraining, *, products: Mapping[int, str], notice: str | None = None
) -> Reply:
    title = fmt.t("training.mine_title", count=fmt.number(len(mine.open)))
    blocks: list[Block] = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if notice:
        blocks.append(_section(notice))
    lines = [title]
    for due in mine.open[:LIST_TRAININGS]:
        blocks.append(_training_section(fmt, due, products))
        lines.append(f"{due.item.title} · {due_text(fmt, due.occurrence)}")
    if not mine.open:
        blocks.append(_section(fmt.t("training.mine_empty")))
        lines.append(fmt.t("training.mine_empty"))
    notes = [fmt.plural("training.completed_count", mine.completed)]
    if len(mine.open) > LIST_TRAININGS:
        notes.insert(0, fmt.t("list.more", count=len(mine.open) - LIST_TRAININGS))
    blocks.append(_context(" · ".join(notes)))
    return Reply(text=clip("\n".join(lines), 3000), blocks=as_dicts(blocks))


def home_trainings(fmt: Formatter, mine: training.PersonTraining, products: Mapping[int, str]) -> list[Block]:
    """The Home tab's part: a person's trainings due, the soonest first."""
    blocks: list[Block] = [_section(f"*{fmt.t('training.home_title')}*")]
    if not mine.open:
        return [*blocks, _context(fmt.t("training.mine_empty"))]
    for due in mine.open[:HOME_TRAININGS]:
        blocks.append(_training_section(fmt, due, products))
    if len(mine.open) > HOME_TRAININGS:
        blocks.append(
            _context(fmt.t("training.home_more", count=fmt.number(len(mine.open) - HOME_TRAININGS)))
        )
    return blocks


# -- status ---------------------------------------------------------------------------------------------


def build_status(fmt: Formatter, view: training.StatusView) -> Reply:
    """Per person: completed, open and overdue, with the overdue items named; most overdue first."""
    if view.team is not None:
        title = fmt.t("training.status_team", team=view.team.name)
    elif view.mine:
        title = fmt.t("training.status_mine")
    else:
        title = fmt.t("training.status_title")
    blocks: list[Block] = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    lines = [title]
    shown = view.trainings[:STATUS_PEOPLE]
    if not shown:
        blocks.append(_section(fmt.t("training.status_empty")))
        lines.append(fmt.t("training.status_empty"))
    for person in shown:
        figures = fmt.t(
            "training.status_line",
            done=fmt.number(person.completed),
            open=fmt.number(len(person.open)),
            overdue=fmt.number(len(person.overdue)),
        )
        text = f"{mention(person.person.slack_user_id)} · {figures}"
        late = [
            f"{mrkdwn_escape(due.item.title)} ({fmt.date(due.occurrence.due)})" for due in person.overdue[:5]
        ]
        if late:
            text += "\n" + fmt.t("training.status_overdue", items=", ".join(late))
        blocks.append(_section(text))
        lines.append(f"{mrkdwn_escape(person.person.name)} · {figures}")
    notes = [fmt.t("training.status_hint")]
    if len(view.trainings) > len(shown):
        notes.insert(0, fmt.t("list.more", count=len(view.trainings) - len(shown)))
    blocks.append(_context(" · ".join(notes)))
    return Reply(text=clip("\n".join(lines), 3000), blocks=as_dicts(blocks))
