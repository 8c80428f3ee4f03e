"""Forms opened from a message, a channel or the App Home tab: reading what was submitted, and
saving it once, all of it or none of it, with every refusal shown on the field it is about.

A form's private_metadata (``handlers.blocks.common.metadata``) carries where it was opened from
(``url``: the message's response_url, ``ch``: the channel), so the answer goes back there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from handlers.blocks.common import read_metadata
from handlers.blocks.errors import field_error_text
from handlers.listeners import ViewUpdate, submit_view
from handlers.respond import Responder
from handlers.runtime import Request
from salesbot.errors import FieldErrors, UserError
from salesbot.i18n import Formatter


def submit_form(
    ack: Ack,
    body: dict,
    client: WebClient,
    context: BoltContext,
    work: Callable[[Request, dict], ViewUpdate | None],
    *,
    first_field: str,
    claim: bool = True,
    field_by_area: Mapping[str, str] | None = None,
) -> None:
    """``work(request, values)`` saved once per view (``claim``), all of it or none of it.

    A refusal rolls back everything the submission wrote (its claim on the view id too, so the
    corrected form can be submitted) and shows on its fields (:func:`field_messages`). So does
    a question ``work`` returns (a ``ViewUpdate``), shown in place of the form: the view keeps
    its id, and its answer is submitted as the same view.
    """
    view = body["view"]
    values = view["state"]["values"]

    def save(request: Request) -> dict[str, str] | ViewUpdate | None:
        # The submission is its transaction's only work, so a refusal rolls back the whole
        # transaction: no savepoint to set and release before every form's ack.
        fmt = request.fmt
        try:
            if not claim or request.store.claim_request(f"view:{view['id']}"):
                question = work(request, values)
                if question is not None:
                    raise _Asked(question)
        except _Asked as asked:
            request.store.session.rollback()
            return asked.question
        except UserError as error:
            request.store.session.rollback()
            return field_messages(fmt, error, values, first_field=first_field, field_by_area=field_by_area)
        return None

    opened_from = read_metadata(view)
    responder = Responder(
        client, body["user"]["id"], response_url=opened_from.get("url"), channel_id=opened_from.get("ch")
    )
    submit_view(ack, body, client, context, save, first_field=first_field, responder=responder)


class _Asked(Exception):
    """Leaves the work of a submission that asks a question instead of saving."""

    def __init__(self, question: ViewUpdate) -> None:
        super().__init__("asked")
        self.question = question


def field_messages(
    fmt: Formatter,
    error: UserError,
    values: dict,
    *,
    first_field: str,
    blocks: Mapping[str, str] | None = None,
    field_by_area: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Each refusal in the reader's words, under the input it is about, all at once as Slack
    shows them: every field of a ``FieldErrors``, or the one field a lone error names (its
    ``field`` parameter, else its key's area: ``field_by_area`` "amount" → the amount's block).

    ``blocks`` maps the domain's field names to block ids where they differ. An error about a
    field the form does not have (the owner, for a rep) shows on ``first_field``; two on one
    input are shown together.
    """
    if isinstance(error, FieldErrors):
        refusals = list(error.errors.items())
    else:
        refusals = [(error.params.get("field") or (field_by_area or {}).get(error.key.split(".")[0]), error)]
    shown: dict[str, str] = {}
    for field, refusal in refusals:
        block = (blocks or {}).get(field, field)
        block = block if block in values else first_field
        text = field_error_text(fmt, refusal)
        shown[block] = f"{shown[block]}\n{text}" if block in shown else text
    return shown
