"""``/sales export [PERIOD] [team:NAME]``: a workbook built after the ack, uploaded to the caller's DM.

The command checks what the reader asked for (the period, the team, their right to it) and
answers at once; the workbook is built once that answer has gone (``request.after_commit``),
in a transaction of its own that only reads (and audits the diagnoses it exports), written to
a temporary file as it streams, and uploaded to the reader's DM (files.getUploadURLExternal,
then files.completeUploadExternal) with a one-line summary once the transaction is closed.
"""

from __future__ import annotations

import logging
import os
import tempfile

from slack_sdk import WebClient

from handlers.blocks.errors import build_failure, build_user_error
from handlers.blocks.excel import build_export_started, build_export_summary
from handlers.respond import Reply, Responder
from handlers.runtime import Request, Services, new_reference
from handlers.work_slots import long_job
from salesbot import excel_export, workbooks
from salesbot.errors import UserError
from salesbot.i18n import Formatter

logger = logging.getLogger(__name__)


def export_command(request: Request, text: str) -> Reply:
    scope = excel_export.plan_export(request.store, request.actor, text, today=request.today)
    services, team_id, user_id, client = request.services, request.team_id, request.user_id, request.client
    request.after_commit(lambda: send_export(services, client, team_id=team_id, user_id=user_id, text=text))
    return build_export_started(request.fmt, scope)


@long_job
def send_export(services: Services, client: WebClient, *, team_id: str, user_id: str, text: str) -> bool:
    """Builds the workbook and uploads it to ``user_id``'s DM; a failure is told there. True when sent."""
    responder = Responder(client, user_id)
    lang = "en"
    handle, path = tempfile.mkstemp(prefix="salesbot-export-", suffix=".xlsx")
    os.close(handle)
    try:
        with services.store(team_id) as store:
            request = Request.of(services, store, responder)
            lang = request.actor.lang
            fmt = request.fmt
            scope = excel_export.plan_export(store, request.actor, text, today=request.today)
            context = excel_export.ExportContext(store, scope, fmt, now=services.clock.now())
            counts = workbooks.write_workbook(
                path,
                excel_export.build_sheets(context),
                properties=excel_export.properties(context, store.workspace.name or team_id),
                formats=excel_export.formats(context),
            )
            name = excel_export.file_name(context)
            summary = build_export_summary(fmt, scope, counts)
            title = excel_export.properties(context, "").title
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=channel, file=path, filename=name, title=title, initial_comment=summary.text
        )
        return True
    except UserError as error:
        _tell(responder, build_user_error(Formatter(lang), error))
    except Exception:
        reference = new_reference()
        logger.exception("export failed (reference %s, team %s, user %s)", reference, team_id, user_id)
        _tell(responder, build_failure(lang, reference))
    finally:
        os.unlink(path)
    return False


def _tell(responder: Responder, reply: Reply) -> None:
    try:
        responder.dm(responder.user_id, reply)
    except Exception:
        logger.exception("could not tell %s that the export failed", responder.user_id)
