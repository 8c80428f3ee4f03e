"""Forms opened from a message, a channel or the App Home tab: reading what was submitted, and
saving it once, in a savepoint, with a refusal shown on the field it is about.

A form's private_metadata (``handlers.blocks.common.metadata``) carries where it was opened from
(``url``: the message's response_url, ``ch``: the channel), so the answer goes back there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from handlers.blocks.common import read_metadata
from handlers.blocks.errors import field_error_text
from handlers.listeners import submit_view
from handlers.respond import Responder
from handlers.runtime import Request
from salesbot.errors import UserError


def submit_form(
    ack: Ack,
    body: dict,
    client: WebClient,
    context: BoltContext,
    work: Callable[[Request, dict], None],
    *,
    first_field: str,
    claim: bool = True,
    field_by_area: Mapping[str, str] | None = None,
) -> None:
    """``work(request, values)`` saved once per view (``claim``), all of it or none of it.

    A refusal rolls back everything the submission wrote (its claim on the view id too, so the
    corrected form can be submitted) and shows on the field it names (``field`` parameter),
    else the field of its key's area (``field_by_area``: "amount" → the amount's block), else
    ``first_field``.
    """
    view = body["view"]
    values = view["state"]["values"]

    def save(request: Request) -> dict[str, str] | None:
        try:
            with request.store.session.begin_nested():
                if not claim or request.store.claim_request(f"view:{view['id']}"):
                    work(request, values)
        except UserError as error:
            field = error.params.get("field") or (field_by_area or {}).get(error.key.split(".")[0])
            # An error about a field the form does not have (the owner, for a rep) shows on the first.
            field = field if field in values else first_field
            return {field: field_error_text(request.fmt, error)}
        return None

    opened_from = read_metadata(view)
    responder = Responder(
        client, body["user"]["id"], response_url=opened_from.get("url"), channel_id=opened_from.get("ch")
    )
    submit_view(ack, body, client, context, save, first_field=first_field, responder=responder)


def state(values: dict, block_id: str) -> dict:
    return next(iter(values.get(block_id, {}).values()), {})


def text(values: dict, block_id: str) -> str:
    return (state(values, block_id).get("value") or "").strip()


def chosen_date(values: dict, block_id: str) -> date | None:
    chosen = state(values, block_id).get("selected_date")
    return date.fromisoformat(chosen) if chosen else None


def choice(values: dict, block_id: str) -> str | None:
    return (state(values, block_id).get("selected_option") or {}).get("value")


def chosen_user(values: dict, block_id: str) -> str | None:
    return state(values, block_id).get("selected_user")
