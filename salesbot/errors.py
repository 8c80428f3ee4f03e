"""Errors the domain raises for the user to read.

Each carries a message-catalog key and its parameters, never finished text, so the
handler can say it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class UserError(Exception):
    """Something the user can fix: bad input, an unknown name, a missing right.

    ``example`` is a catalog key for a correct form to show beside the message.
    """

    def __init__(self, key: str, *, example: str | None = None, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.example = example
        self.params = params


class InvalidInput(UserError):
    """The text could not be understood; nothing was written."""


class NotFound(UserError):
    """A person, team or product named by the user does not exist."""


class PermissionDenied(UserError):
    """The caller's role does not allow this."""


class Conflict(UserError):
    """The change contradicts what is stored (a duplicate name, say)."""


class FieldErrors(UserError):
    """What a form (or a typed command read like one) gave that cannot be used, by field.

    ``errors`` maps the domain's field names (``"target"``, ``"period"``, ``"team"``…) to each
    field's error, in the order they were found; nothing was written. As a ``UserError`` it
    reads as the first of them, so a text command can show that one alone.
    """

    def __init__(self, errors: dict[str, UserError]) -> None:
        if not errors:
            raise ValueError("FieldErrors without an error")
        first = next(iter(errors.values()))
        super().__init__(first.key, example=first.example, **first.params)
        self.errors = dict(errors)

    @property
    def first(self) -> UserError:
        return next(iter(self.errors.values()))


class FieldCheck:
    """Collects field errors: ``read(field, get)`` is ``get()``'s value, or None with its error
    kept on ``field`` (the first error of a field wins); ``done()`` raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, UserError] = {}

    def read(self, field: str, get: Callable[[], T]) -> T | None:
        try:
            return get()
        except UserError as error:
            self.errors.setdefault(field, error)
            return None

    def refuse(self, field: str, error: UserError) -> None:
        self.errors.setdefault(field, error)

    def done(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)
