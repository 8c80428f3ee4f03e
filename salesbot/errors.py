"""Errors the domain raises for the user to read.

Each carries a message-catalog key and its parameters, never finished text, so the
handler can say it in the reader's language.
"""

from __future__ import annotations


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
