"""``/sales import``: a workbook of sales or goals, checked row by row, previewed, then imported whole.

The path of a file:

1. ``/sales import`` (managers and admins) opens the form: what the file holds, the file
   (Block Kit ``file_input``, .xlsx), and buttons for the two templates (sent by DM).
2. The submission checks what Slack says of the file (its type, its size) before the ack; the
   rest runs after it: a DM says the file is being read, and that message is updated as the
   work goes on. The file is downloaded from its ``url_private`` with the bot token, read
   safely (``salesbot.workbooks``), and every row is checked (``salesbot.excel_import``) in a
   transaction that writes nothing. E-mail addresses in the sheet are asked of Slack before it.
3. Any problem: the message lists the first ones, and the whole list comes as a workbook with
   an error column. None: a preview with **Import** and **Cancel**.
4. **Import** reads the file again (what is written is what is checked, in the same
   transaction) and writes every row in that one transaction; rows imported before are found
   by their keys and not written again, and the answer says so.
5. After that commit, as if each row had been entered by hand: the people of the goals it set
   or revised are told (one DM per person with all their goals, Acknowledge and Discuss under
   each; a team's goals in its channel), and the status says how many; the goals its goals or
   sales took over a threshold are celebrated (``replies.celebrate_after``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from handlers import ids
from handlers.blocks.common import mention, mrkdwn_escape
from handlers.blocks.errors import build_failure, field_error_text
from handlers.blocks.excel import (
    build_import_cancelled,
    build_import_done,
    build_import_errors,
    build_import_modal,
    build_import_preview,
    build_import_refused,
    build_import_status,
    error_lines,
    read_import_submission,
)
from handlers.blocks.goal_talks import build_goals_told
from handlers.blocks.goals import subject_text
from handlers.listeners import button, submit_view
from handlers.replies import celebrate_after
from handlers.respond import Modal, Reply, Responder
from handlers.runtime import Request, Services, new_reference
from handlers.work_slots import long_job
from salesbot import excel_import, goal_talks, segments, workbooks
from salesbot.access import require_manager
from salesbot.errors import InvalidInput, UserError
from salesbot.goals import GoalChange
from salesbot.i18n import Formatter
from salesbot.records import PersonRecord

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 20_000  # rows read between updates of the status message


def register(app: App) -> None:
    app.view(ids.IMPORT_MODAL)(handle_import_submission)
    app.action(re.compile(f"^{ids.IMPORT_TEMPLATE}:"))(button(send_template))
    app.action(ids.IMPORT_CONFIRM)(button(confirm_import))
    app.action(ids.IMPORT_CANCEL)(button(cancel_import, replace=True))


def import_command(request: Request, text: str) -> Modal:
    require_manager(request.actor, "import")
    return Modal(build_import_modal(request.fmt))


# -- the template -----------------------------------------------------------------------------


def send_template(request: Request) -> None:
    """A template to fill in, by DM: the headers the import reads, with drop-downs."""
    kind = request.pressed.value if request.pressed.value in excel_import.KINDS else excel_import.SALES
    products = [product.name for product in request.store.products()]
    fmt, client, user_id = request.fmt, request.client, request.user_id
    segment_names = []
    if kind == excel_import.SALES:
        segment_names = segments.sale_segments(request.store, fmt.lang).labels

    def send() -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, fmt.t(f"import.template.file.{kind}"))
            workbooks.write_workbook(
                path,
                excel_import.template_sheets(fmt, kind, products, segment_names),
                properties=workbooks.Properties(
                    title=fmt.t(f"import.template.{kind}"), subject="", creator="salesbot"
                ),
                formats=workbooks.Formats(currency=request.store.workspace.currency),
            )
            channel = client.conversations_open(users=user_id)["channel"]["id"]
            client.files_upload_v2(
                channel=channel,
                file=path,
                filename=os.path.basename(path),
                title=fmt.t(f"import.template.{kind}"),
                initial_comment=fmt.t(f"import.template.comment.{kind}"),
            )

    request.after_commit(send)
    return None


# -- the form ---------------------------------------------------------------------------------


def handle_import_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    def save(request: Request) -> dict[str, str] | None:
        require_manager(request.actor, "import")
        kind, files = read_import_submission(view["state"]["values"])
        fmt = request.fmt
        problem = _file_problem(files)
        if problem is not None:
            return {ids.IMPORT_FILE: field_error_text(fmt, problem)}
        upload = files[0]
        services, team_id, user_id = request.services, request.team_id, request.user_id
        answer_client = request.responder.client
        request.after_commit(
            lambda: prepare_import(
                services, answer_client, team_id=team_id, user_id=user_id, upload=upload, kind=kind
            )
        )
        return None

    submit_view(ack, body, client, context, save, first_field=ids.IMPORT_FILE)


def _file_problem(files: list[dict]) -> UserError | None:
    """What Slack tells of the file, checked before the ack: one, an .xlsx, not too big."""
    if not files:
        return InvalidInput("import.no_file")
    upload = files[0]
    name = str(upload.get("name") or "")
    extension = name.rsplit(".", 1)[-1].casefold() if "." in name else str(upload.get("filetype") or "")
    if extension == "xlsm":
        return InvalidInput("excel.import.macros")
    if extension in ("xls", "csv", "ods", "numbers"):
        return InvalidInput("import.wrong_type_known", type=extension)
    if extension != "xlsx":
        return InvalidInput("excel.import.not_a_workbook")
    if int(upload.get("size") or 0) > workbooks.MAX_UPLOAD_BYTES:
        return InvalidInput("excel.import.too_large", limit=workbooks.MAX_UPLOAD_BYTES // (1024 * 1024))
    return None


# -- reading and checking ---------------------------------------------------------------------


class _Status:
    """The DM that tells how an import is going, updated in place."""

    def __init__(self, client: WebClient, user_id: str, *, channel: str | None = None, ts: str | None = None):
        self.client, self.user_id, self.channel, self.ts = client, user_id, channel, ts

    def show(self, reply: Reply) -> None:
        try:
            if self.ts is None:
                response = self.client.chat_postMessage(
                    channel=self.user_id, text=reply.text, blocks=reply.blocks
                )
                self.channel, self.ts = response["channel"], response["ts"]
            else:
                self.client.chat_update(
                    channel=self.channel, ts=self.ts, text=reply.text, blocks=reply.blocks
                )
        except Exception:
            logger.exception("could not update the import's status for %s", self.user_id)


def _payload(upload: dict, kind: str) -> str:
    return json.dumps(
        {"k": kind, "n": str(upload.get("name") or "")[:200], "u": upload.get("url_private") or ""}
    )


@long_job
def prepare_import(
    services: Services, client: WebClient, *, team_id: str, user_id: str, upload: dict, kind: str
) -> None:
    """After the ack: download, read, check; then the preview, or the problems."""
    name = str(upload.get("name") or "")
    fmt = _reader(services, team_id, user_id)
    status = _Status(client, user_id)
    status.show(build_import_status(fmt, "import.reading", file=name))
    _run(
        services,
        client,
        status,
        team_id=team_id,
        user_id=user_id,
        url=upload.get("url_private") or "",
        kind=kind,
        name=name,
        then=lambda request, plan: build_import_preview(
            request.fmt, plan, file_name=name, value=_payload(upload, kind)
        ),
    )


@long_job
def _run(
    services: Services,
    client: WebClient,
    status: _Status,
    *,
    team_id: str,
    user_id: str,
    url: str,
    kind: str,
    name: str,
    then: Callable[[Request, excel_import.Plan], Reply],
) -> None:
    """Downloads and reads the file, asks Slack about the e-mails it names, then checks every row
    in one transaction and calls ``then`` with the plan when nothing is wrong (``then`` may
    write: the transaction commits after it). Every outcome is shown in ``status``."""
    fmt = _reader(services, team_id, user_id)
    try:
        data = download(client, url, services.settings.api_url)
        _, rows = workbooks.read_rows(data)
        header, rest = excel_import.split_header(rows)
        columns = excel_import.map_columns(kind, header, lang=fmt.lang)
        table = []
        for row in rest:
            table.append(row)
            if len(table) % PROGRESS_EVERY == 0:
                status.show(
                    build_import_status(fmt, "import.reading_rows", file=name, rows=fmt.number(len(table)))
                )
        if not table:
            raise excel_import.ImportRefused("excel.import.empty")
        emails = _slack_ids_of(client, excel_import.emails_named(kind, table, columns))
        status.show(
            build_import_status(fmt, "import.checking", file=name, rows=fmt.plural("import.rows", len(table)))
        )
        errors_file = None
        with services.store(team_id) as store:
            request = Request.of(services, store, Responder(client, user_id))
            fmt = request.fmt
            require_manager(request.actor, "import")
            plan = excel_import.read_plan(
                store, request.actor, kind, table, columns, emails=emails, today=request.today
            )
            if plan.ok:
                answer = then(request, plan)
            else:
                answer = build_import_errors(fmt, kind, plan.errors, file_name=name, total=len(plan.errors))
                errors_file = plan
        status.show(answer)
        # What the import queued (notices of its goals, celebrations) goes out after its commit.
        request.run_after_commit()
        if errors_file is not None:
            _send_errors(client, fmt, user_id, kind, errors_file.errors, name)
    except workbooks.WorkbookRefused as refused:
        params = {
            key: fmt.number(value) if isinstance(value, int) else value
            for key, value in refused.params.items()
        }
        status.show(build_import_refused(fmt, fmt.t(refused.key, **params)))
    except UserError as error:
        status.show(build_import_refused(fmt, field_error_text(fmt, error)))
    except Exception:
        reference = new_reference()
        logger.exception("import failed (reference %s, team %s, user %s)", reference, team_id, user_id)
        status.show(build_failure(fmt.lang, reference))


def _reader(services: Services, team_id: str, user_id: str) -> Formatter:
    with services.store(team_id) as store:
        return Request.of(services, store, Responder(None, user_id)).fmt


def _slack_ids_of(client: WebClient, emails: set[str]) -> dict[str, str]:
    """Slack user ids of the e-mail addresses, asked before any transaction; unknown ones left out."""
    found = {}
    for email in sorted(emails)[:1000]:
        try:
            found[email] = client.users_lookupByEmail(email=email)["user"]["id"]
        except Exception:
            logger.info("no Slack user for an e-mail address in an import")
    return found


def download(client: WebClient, url: str, api_url: str) -> bytes:
    """The file at Slack's ``url_private``, with the bot token; refused past the upload limit.

    The token goes only to Slack's own file host (or the API's host: a local or proxied Slack)."""
    if not _slack_file_url(url, api_url):
        raise InvalidInput("import.file_gone")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (checked above)
        data = response.read(workbooks.MAX_UPLOAD_BYTES + 1)
        kind = response.headers.get("Content-Type") or ""
    if kind.startswith("text/html"):
        # Slack's sign-in page: the token was not accepted for this file.
        raise InvalidInput("import.file_gone")
    return data


def _slack_file_url(url: str, api_url: str) -> bool:
    parts, api = urlsplit(url), urlsplit(api_url)
    if parts.scheme == "https" and (parts.hostname or "").endswith(".slack.com"):
        return True
    return bool(parts.hostname) and (parts.scheme, parts.netloc) == (api.scheme, api.netloc)


def _send_errors(client: WebClient, fmt: Formatter, user_id: str, kind: str, errors: list, name: str) -> None:
    """The whole list of problems as a workbook: row, column, value, what is wrong."""
    rows = error_lines(fmt, kind, errors)
    try:
        with tempfile.TemporaryDirectory() as folder:
            stem = name.rsplit(".", 1)[0] or "import"
            path = os.path.join(folder, fmt.t("import.errors.file", name=stem))
            workbooks.write_workbook(
                path,
                [
                    workbooks.SheetData(
                        title=fmt.t("excel.sheet.errors"),
                        columns=[
                            workbooks.Column(fmt.t("excel.col.row"), workbooks.NUMBER),
                            workbooks.Column(fmt.t("excel.col.column")),
                            workbooks.Column(fmt.t("excel.col.value")),
                            workbooks.Column(fmt.t("excel.col.error")),
                        ],
                        rows=([row, column, value, problem] for row, column, value, problem in rows),
                    )
                ],
                properties=workbooks.Properties(
                    title=fmt.t("import.errors.file_title", file=name), subject="", creator="salesbot"
                ),
                formats=workbooks.Formats(),
            )
            channel = client.conversations_open(users=user_id)["channel"]["id"]
            client.files_upload_v2(
                channel=channel, file=path, filename=os.path.basename(path), title=os.path.basename(path)
            )
    except Exception:
        logger.exception("could not send the list of import errors to %s", user_id)


# -- the preview's buttons --------------------------------------------------------------------


def confirm_import(request: Request) -> None:
    """**Import**: the file read and checked again, and written, after the ack."""
    require_manager(request.actor, "import")
    try:
        payload = json.loads(request.pressed.value)
        kind, name, url = payload["k"], payload["n"], payload["u"]
    except (ValueError, KeyError, TypeError):
        raise InvalidInput("import.file_gone") from None
    if kind not in excel_import.KINDS:
        raise InvalidInput("import.file_gone")
    services, team_id, user_id, client = request.services, request.team_id, request.user_id, request.client
    pressed = request.pressed
    status = _Status(client, user_id, channel=pressed.channel_id, ts=pressed.message_ts)
    importing = build_import_status(request.fmt, "import.importing", file=name)

    def write(inner: Request, plan: excel_import.Plan) -> Reply:
        if kind == excel_import.SALES:
            added = excel_import.apply_sales(inner.store, inner.actor, plan, file_name=name)
            outcome: dict[str, Any] = {"added": added, "skipped": len(plan.rows) - added}
            people, days = excel_import.sold(plan)
            if people:
                celebrate_after(inner, people, days)
            return build_import_done(inner.fmt, plan, outcome, file_name=name)
        imported = excel_import.apply_goals(inner.store, inner.actor, plan, file_name=name)
        outcome = dict(imported.outcomes)
        fmt = inner.fmt
        telling = tell_of_goals(inner, imported.changed)

        def tell() -> None:
            notes = telling.send(inner.responder, fmt)
            status.show(build_import_done(fmt, plan, outcome, file_name=name, notes=notes))

        if telling.dms or telling.posts:
            inner.after_commit(tell)
        if imported.changed:
            celebrate_after(inner, goal_ids=[change.goal.id for change in imported.changed])
        return build_import_done(fmt, plan, outcome, file_name=name, notes=telling.sending(fmt))

    def run() -> None:
        status.show(importing)
        _run(
            services,
            client,
            status,
            team_id=team_id,
            user_id=user_id,
            url=url,
            kind=kind,
            name=name,
            then=write,
        )

    request.after_commit(run)
    return None


def cancel_import(request: Request) -> Reply:
    return build_import_cancelled(request.fmt)


# -- the goals imported, told to their people -------------------------------------------------------


@dataclass
class Telling:
    """The notices of an import's new and revised goals, rendered in its transaction (where
    their people are recorded as told) and sent after the commit: one DM per person with all
    their goals in it, one post per team (or for the company) in its channel."""

    dms: list[tuple[str, str, Reply]] = field(default_factory=list)  # user id, name, notice
    posts: list[tuple[str, str, Reply]] = field(default_factory=list)  # channel, whose (mrkdwn), post
    company_unheard: bool = False  # company goals, and no announcement channel to post them in

    def sending(self, fmt: Formatter) -> list[str]:
        """What the summary says until the notices are out."""
        return [fmt.plural("import.told.sending", len(self.dms))] if self.dms else self._unheard(fmt)

    def send(self, responder: Responder, fmt: Formatter) -> list[str]:
        """Sends every notice (the client waits out Slack's rate limits); what the summary says then."""
        failed, posted, notes = [], [], []
        for user_id, name, notice in self.dms:
            try:
                responder.dm(user_id, notice)
            except (SlackClientError, OSError) as error:
                logger.warning("an imported goal's notice to %s failed: %s", user_id, _slack_error(error))
                failed.append(mrkdwn_escape(name))
        for channel, whose, post in self.posts:
            try:
                responder.post(channel, post)
                posted.append(f"<#{channel}>")
            except (SlackClientError, OSError) as error:
                code = _slack_error(error)
                logger.warning("imported goals not posted in %s: %s", channel, code)
                notes.append(fmt.t("import.told.post_failed", subject=whose, channel=channel, error=code))
        told = len(self.dms) - len(failed)
        head = [fmt.plural("import.told.dm", told)] if told else []
        if posted:
            head.append(fmt.t("import.told.posted", channels=", ".join(dict.fromkeys(posted))))
        if failed:
            head.append(fmt.t("import.told.failed", people=", ".join(failed)))
        return head + notes + self._unheard(fmt)

    def _unheard(self, fmt: Formatter) -> list[str]:
        return [fmt.t("goal.told.nobody_company")] if self.company_unheard else []


def _slack_error(error: Exception) -> str:
    response = getattr(error, "response", None)
    return str(response.get("error")) if response is not None else type(error).__name__


def tell_of_goals(request: Request, changed: list[GoalChange]) -> Telling:
    """The people of the goals an import set or revised stand on them as told, and their notices
    are rendered as the goal form's are (``goal_talks.audience``: who hears where; whoever
    imports is not told of their own), grouped so that each person gets one DM."""
    store, setter_id = request.store, request.actor.person_id
    now, actor = request.services.clock.now(), mention(request.user_id)
    by_person: dict[int, tuple[PersonRecord, list[GoalChange]]] = {}
    by_channel: dict[tuple[str, str, int | None], list[GoalChange]] = {}
    telling = Telling()
    for change in changed:
        heard = goal_talks.audience(store, change.subject, setter_id=setter_id)
        goal_talks.record_told(store, change.goal, heard.told, by_id=setter_id, now=now)
        for person in heard.dms:
            by_person.setdefault(person.id, (person, []))[1].append(change)
        if heard.channel:
            by_channel.setdefault((heard.channel, change.subject.scope, change.subject.id), []).append(change)
        elif change.subject.scope == "company":
            telling.company_unheard = True
    for person, changes in by_person.values():
        notice = build_goals_told(request.formatter_for(person), changes, actor, in_channel=False)
        telling.dms.append((person.slack_user_id, person.name, notice))
    workspace = store.workspace
    shared = Formatter(workspace.locale, workspace.currency)
    for (channel, _, _), changes in by_channel.items():
        post = build_goals_told(shared, changes, actor, in_channel=True)
        telling.posts.append((channel, subject_text(request.fmt, changes[0].subject), post))
    return telling
