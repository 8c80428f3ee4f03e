"""The console's loop: what is typed runs as a console command or goes to salesbot as Slack
sends it (slash commands, button presses), and what salesbot sent back to the fake Web API is
shown: messages, ephemeral replies, DMs, the App Home tab, and modals (walked by ``modals``).

Console commands (anything else is ``/sales …``)::

    /sales …        the slash command, in the current channel; @Name becomes a mention
    as NAME         act as someone else            users       who is in the workspace
    channel NAME    move to another channel         home        open your App Home tab
    N, press N      press button N (or press LABEL) adduser NAME  add a person to the workspace
    help            these commands                  quit        leave (so does end of input)
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

from localslack.console.mentions import channel_id_for, escape_mentions, find_channel, find_person, username
from localslack.console.modals import MODAL_KINDS, ModalWalker
from localslack.console.records import Records
from localslack.console.render import Button, Renderer, text_of
from localslack.console.terminal import EndOfInput, Interrupted, Terminal
from localslack.webapi import FakeUser, Posted
from localslack.workspace import GENERAL, HttpResult, LocalWorkspace

DM = "directmessage"  # the channel_name Slack sends for a command typed in a DM
_CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,79}$")
# salesbot's roles, as Records.roles gives them, in the console's words.
ROLE_WORDS = {"admin": "role.admin", "manager": "role.manager", "rep": "role.rep"}


@dataclass
class Console:
    """The read-and-run loop: console commands, and what is typed for salesbot sent as Slack sends it."""

    workspace: LocalWorkspace
    records: Records
    term: Terminal
    user_id: str = ""
    channel: tuple[str, str] = GENERAL
    buttons: list[Button] = field(default_factory=list)
    seen: int = 0
    want_home: bool = False

    def __post_init__(self) -> None:
        self.fake = self.workspace.fake
        self.words = self.term.words
        self.render = Renderer(self.fake, self.term.style, self.words)
        self.modals = ModalWalker(self)
        # Held while a line is run; the watcher of incoming messages takes it to write.
        self.lock = threading.RLock()
        self.at_prompt = False  # waiting for a console command (not in a modal's fields)
        self.watching = False
        self.modal_waiting = False  # told that a modal waits for Enter

    # -- who and where --------------------------------------------------------------
    @property
    def me(self) -> FakeUser:
        return self.fake.user(self.user_id)

    def where(self) -> str:
        if self.channel[1] == DM:
            return self.words("commands.prompt_in_dm")
        return "#" + self.channel[1]

    def prompt(self) -> str:
        return f"{self.me.name} {self.where()}> "

    def follow_language(self) -> None:
        """The console's words in the language salesbot speaks to the person acting (which their
        preferences may just have changed)."""
        self.words.lang = self.records.language(self.user_id, self.me.locale)

    def role_name(self, role: str) -> str:
        return self.words(ROLE_WORDS[role]) if role in ROLE_WORDS else role

    def who(self, user: FakeUser) -> str:
        """A person as "Kari Nordmann (U0DEMO005, selger)", with their role when salesbot knows it."""
        role = self.records.roles([user.id]).get(user.id)
        if role is None:
            return self.words("as.who", name=user.real_name, user_id=user.id)
        return self.words("as.who_with_role", name=user.real_name, user_id=user.id, role=self.role_name(role))

    def banner(self) -> None:
        self.follow_language()
        name = self.records.workspace_name() or self.words("start.local_workspace")
        self.term.out()
        self.term.out(self.term.style.bold(self.words("start.title", workspace=name)))
        self.term.out(self.words("start.acting_as", who=self.who(self.me), where=self.where()))
        self.term.out(self.words("start.commands"))

    # -- the loop ---------------------------------------------------------------------
    def run(self) -> int:
        self.seen = len(self.fake.snapshot_posted())
        self.banner()
        self.watching = True
        watcher = threading.Thread(target=self.watch, name="console-incoming", daemon=True)
        watcher.start()
        try:
            while True:
                try:
                    line = self.read_command()
                    with self.lock:
                        if not self.handle(line):
                            return 0
                except EndOfInput:
                    return 0
                except Interrupted:
                    continue
        finally:
            self.watching = False
            watcher.join(timeout=2)

    def read_command(self) -> str:
        with self.lock:
            self.follow_language()
            self.at_prompt = True
        try:
            return self.term.ask("\n" + self.prompt())
        finally:
            with self.lock:
                self.at_prompt = False

    # -- what arrives while the person sits at the prompt ---------------------------------------
    def watch(self) -> None:
        """Shows what salesbot sends between commands (a scheduled digest, a DM, a post in a
        channel) as it arrives, above the line being typed."""
        known = self.seen
        while self.watching:
            if not self.fake.wait_for_more_posted(known, timeout=0.25):
                continue
            if not self.lock.acquire(timeout=0.25):
                continue  # a command is running; it shows what it brings
            try:
                idle = self.watching and self.at_prompt
                if idle:
                    known = len(self.fake.snapshot_posted())
                    self.show_incoming()
            finally:
                self.lock.release()
            if not idle:
                time.sleep(0.05)  # between a line typed and its command taking the lock

    def show_incoming(self) -> None:
        """What arrived that this person sees: posts in channels, their DMs and ephemeral messages.
        A modal waits for Enter (it is filled in at the prompt); other people's DMs are not shown."""
        posted = self.fake.snapshot_posted()
        stop = self.seen
        while stop < len(posted) and not (
            posted[stop].kind in MODAL_KINDS and posted[stop].user == self.user_id
        ):
            stop += 1
        shown = [
            i
            for i in range(self.seen, stop)
            if posted[i].user in (None, self.user_id) and posted[i].kind not in MODAL_KINDS
        ]
        tell_modal = stop < len(posted) and not self.modal_waiting
        if not shown and not tell_modal:
            self.seen = stop
            return

        def show() -> None:
            new_buttons: list[Button] = []
            for index in shown:
                self.render_item(posted[index], posted, index, new_buttons)
            if new_buttons:
                self.buttons = new_buttons
            if tell_modal:
                self.term.out()
                self.term.out(self.term.style.dim(self.words("shown.modal_waiting")))

        self.term.above_prompt(show)
        self.seen = stop
        self.modal_waiting = self.modal_waiting or tell_modal

    def handle(self, line: str) -> bool:
        """Runs one line; False ends the session."""
        text = line.strip()
        if not text:
            self.render_new()  # a modal that opened meanwhile
            return True
        word, _, rest = text.partition(" ")
        command = word.casefold().lstrip("/") if word.casefold() != "/sales" else "/sales"
        rest = rest.strip()
        if command in ("quit", "exit", "q"):
            return False
        if command == "/sales":
            self.slash_command(rest)
        elif text.isdigit():
            self.press(text)
        elif command == "press":
            self.press(rest)
        elif command in ("help", "?"):
            self.term.out(self.words("help.commands"))
        elif command == "as":
            self.switch_user(rest)
        elif command in ("users", "people", "who"):
            self.list_users()
        elif command == "channel":
            self.switch_channel(rest)
        elif command == "home":
            self.open_home()
        elif command == "adduser":
            self.add_person(rest)
        elif word.startswith("/"):
            self.term.out(self.words("commands.not_installed", command=word))
        else:
            self.term.out(self.words("commands.not_a_command"))
        return True

    # -- console commands ----------------------------------------------------------------
    def switch_user(self, name: str) -> None:
        if not name:
            self.term.out(self.words("as.whom"))
            return
        user = find_person(self.fake, name)
        if user is None:
            self.term.out(self.words("as.no_one", name=name))
            return
        self.user_id = user.id
        self.buttons = []  # what the last person saw is not on this person's screen
        if self.channel[1] == DM:
            self.channel = (self.fake.im_channel(user.id), DM)
        self.follow_language()  # it is their screen now
        self.term.out(self.words("as.now", who=self.who(user)))

    def list_users(self) -> None:
        users = sorted(
            (u for u in list(self.fake.users.values()) if not u.is_bot and not u.deleted),
            key=lambda u: u.real_name.casefold(),
        )
        stored = self.records.roles([u.id for u in users])
        roles = {
            u.id: self.role_name(stored[u.id]) if u.id in stored else self.words("users.not_seen")
            for u in users
        }
        width = max((len(u.real_name) for u in users), default=10)
        role_width = max((len(role) for role in roles.values()), default=8)
        self.term.out(self.words("users.heading"))
        for user in users:
            you = "  " + self.words("users.you") if user.id == self.user_id else ""
            self.term.out(
                f"  {user.id:<11} {user.real_name:<{width}}  {roles[user.id]:<{role_width}} "
                f"{user.locale:<6} {user.tz}{you}"
            )

    def switch_channel(self, name: str) -> None:
        name = name.strip()
        if not name:
            channels = sorted(c["name"] for c in list(self.fake.channels.values()) if not c["is_im"])
            self.term.out(self.words("channel.list", channels=", ".join("#" + c for c in channels)))
            return
        if name.casefold() in ("dm", "im", "@salesbot", "salesbot"):
            self.channel = (self.fake.im_channel(self.user_id), DM)
            self.term.out(self.words("channel.in_dm"))
            return
        channel = find_channel(self.fake, name)
        if channel is None or channel["is_im"]:
            wanted = name.lstrip("#").casefold()
            channel_id = channel_id_for(wanted) if _CHANNEL_NAME.match(wanted) else None
            if channel_id is None or channel_id in self.fake.channels:
                self.term.out(self.words("channel.bad_name"))
                return
            channel = self.fake.add_channel(channel_id, wanted)
            self.term.out(self.words("channel.created", name=wanted))
        self.channel = (channel["id"], channel["name"])
        self.term.out(self.words("channel.now_in", name=channel["name"]))

    def add_person(self, name: str) -> None:
        name = " ".join(name.strip().strip('"').split())
        if not name:
            self.term.out(self.words("adduser.usage"))
            return
        if find_person(self.fake, name) is not None:
            self.term.out(self.words("adduser.exists", name=name))
            return
        n = 1
        while f"U0USER{n:03d}" in self.fake.users:
            n += 1
        owner = self.me
        user = self.fake.add_user(
            FakeUser(
                id=f"U0USER{n:03d}",
                name=username(name, {u.name for u in list(self.fake.users.values())}),
                real_name=name,
                tz=owner.tz,
                locale=owner.locale,
            )
        )
        self.term.out(self.words("adduser.added", name=user.real_name, user_id=user.id))

    def open_home(self) -> None:
        self.want_home = True
        try:
            result = self.workspace.open_home(self.user_id, wait=False)
            self.report_status(result)
            self.settle()
        finally:
            self.want_home = False

    # -- talking to salesbot ---------------------------------------------------------------
    def slash_command(self, text: str) -> None:
        escaped = escape_mentions(text, self.fake)
        result = self.workspace.command(escaped, user=self.user_id, channel=self.channel, wait=False)
        self.show_ack(result)
        self.settle()

    def press(self, which: str) -> None:
        which = which.strip()
        if not self.buttons:
            self.term.out(self.words("press.none"))
            return
        button = None
        if which.isdigit():
            number = int(which)
            if 1 <= number <= len(self.buttons):
                button = self.buttons[number - 1]
            else:
                self.term.out(self.words("press.range", count=len(self.buttons)))
                return
        else:
            wanted = which.casefold()
            matches = [b for b in self.buttons if b.label.casefold() == wanted] or [
                b for b in self.buttons if wanted and wanted in b.label.casefold()
            ]
            if len(matches) != 1:
                choices = ", ".join(f"[{i}] {b.label}" for i, b in enumerate(self.buttons, start=1))
                self.term.out(self.words("press.which", choices=choices))
                return
            button = matches[0]
        self.click(button)

    def click(self, button: Button, *, state: dict | None = None, settle: bool = True) -> None:
        """Presses ``button`` as the current user; ``settle`` shows what salesbot sent back."""
        source = button.source
        on_modal = source.kind in MODAL_KINDS or (button.view is not None and source.kind != "home")
        if on_modal and (button.view or source.view or {}).get("id") not in self.fake.views:
            self.term.out(self.words("press.modal_closed"))
            return
        if button.confirm and not self.confirm(button.confirm):
            return
        if button.url:
            self.term.out(self.words("press.opens", url=button.url))
        common = dict(
            user=self.user_id,
            action_id=button.action_id,
            block_id=button.block_id,
            value=button.value,
            text=button.label,
            wait=False,
        )
        if source.kind == "home":
            view = self.fake.home_view(self.user_id) or button.view or source.view
            result = self.workspace.click(view=view, **common)
        elif on_modal:
            view = dict(button.view or source.view or {})
            if state is not None:
                view["state"] = {"values": state}
            result = self.workspace.click(view=view, **common)
        else:
            channel_id = source.channel or self.channel[0]
            channel = self.fake.channels.get(channel_id) or {}
            name = DM if channel.get("is_im") else str(channel.get("name") or channel_id)
            stored = self.fake.messages.get((channel_id, source.ts or ""))
            ephemeral = source.kind == "ephemeral" or (source.kind == "update" and stored is None)
            message = (
                dict(stored)
                if stored
                else {"ts": source.ts, "text": source.text or "", "blocks": source.blocks}
            )
            result = self.workspace.click(
                channel=(channel_id, name), message=message, ephemeral=ephemeral, **common
            )
        self.show_ack(result)
        if settle:
            self.settle()
        else:
            self.wait_idle()

    def confirm(self, confirm: dict) -> bool:
        title = text_of(confirm.get("title"))
        text = self.render.text_object(confirm.get("text"))
        self.term.out(f"{title}: {text}" if title else text)
        label = text_of(confirm.get("confirm")) or self.words("press.ok")
        return self.term.yes(self.words("press.confirm", label=label), default=False)

    def report_status(self, result: HttpResult) -> None:
        if result.status != 200:
            body = result.text.strip()[:300]
            if body:
                self.term.out(self.words("shown.http_status_body", status=result.status, body=body))
            else:
                self.term.out(self.words("shown.http_status", status=result.status))

    def show_ack(self, result: HttpResult) -> None:
        """What the acknowledgement itself carried (usually nothing: replies come separately)."""
        self.report_status(result)
        if result.status != 200 or not result.body:
            return
        try:
            body = result.json()
        except ValueError:
            body = {"text": result.text}
        if not isinstance(body, dict) or not (body.get("text") or body.get("blocks")):
            return
        where = "in_channel" if body.get("response_type") == "in_channel" else "ephemeral"
        item = Posted(where, channel=self.channel[0], user=self.user_id, text=body.get("text"))
        item.blocks = body.get("blocks")
        new_buttons: list[Button] = []
        self.render_item(item, [item], 0, new_buttons)
        if new_buttons:
            self.buttons = new_buttons

    def settle(self) -> None:
        """Waits until salesbot is done, then shows everything it sent."""
        self.wait_idle()
        self.follow_language()
        self.render_new()

    def wait_idle(self) -> None:
        try:
            self.workspace.wait_idle()
        except TimeoutError:
            self.term.out(self.words("shown.still_working"))

    # -- rendering what salesbot sent ----------------------------------------------------------
    def render_new(self) -> None:
        self.modal_waiting = False
        new_buttons: list[Button] = []
        while True:
            posted = self.fake.snapshot_posted()
            if self.seen >= len(posted):
                break
            index = self.seen
            self.seen += 1
            self.render_item(posted[index], posted, index, new_buttons)
        if new_buttons:
            self.buttons = new_buttons

    def render_item(self, item: Posted, posted: list[Posted], index: int, buttons: list[Button]) -> None:
        mine = item.user in (None, self.user_id)
        pressable = buttons if mine else None
        kind = item.kind
        if kind in MODAL_KINDS:
            if item.user != self.user_id:
                return
            newer = any(p.kind in MODAL_KINDS and p.user == item.user for p in posted[index + 1 :])
            view = self.fake.views.get(item.view_id or "")
            if newer or view is None:
                return  # replaced or closed before it could be shown
            self.modals.modal_session(view, buttons)
            return
        if kind == "home":
            if item.user != self.user_id:
                return
            if not self.want_home:
                self.term.out()
                self.term.out(self.term.style.dim(self.words("shown.home_updated")))
                return
            lines = self.render.blocks((item.view or {}).get("blocks"), buttons, item, view=item.view)
            self.term.print_item(self.words("shown.home"), lines)
            return
        if kind == "delete":
            self.term.out()
            self.term.out(self.term.style.dim(self.words("shown.deleted", place=self.place(item.channel))))
            return
        if kind == "file":
            file = item.file or {}
            size = file.get("size")
            place, title = self.place(item.channel), file.get("title") or file.get("name")
            if size is None:
                header = self.words("shown.file", place=place, title=title)
            else:
                header = self.words("shown.file_size", place=place, title=title, size=size)
            self.term.print_item(header, self.render.mrkdwn(item.text).splitlines() if item.text else [])
            return
        header = self.header_for(item)
        if item.blocks:
            lines = self.render.blocks(item.blocks, pressable, item)
        else:
            lines = self.render.mrkdwn(item.text or "").splitlines()
        self.term.print_item(header, lines)

    def place(self, channel_id: str | None) -> str:
        channel = self.fake.channels.get(channel_id or "")
        if channel is None:
            return channel_id or "?"
        if channel["is_im"]:
            if channel["user"] == self.user_id:
                return self.words("shown.your_dm")
            return self.words("shown.dm_with", name=self.render.user_name(channel["user"]))
        return "#" + channel["name"]

    def header_for(self, item: Posted) -> str:
        thread = self.words("shown.in_thread") if item.thread_ts else ""
        someone = self.render.user_name(item.user or "")
        if item.kind == "ephemeral":
            where = (
                ""
                if item.channel == self.channel[0]
                else self.words("shown.in_place", place=self.place(item.channel))
            )
            if item.user == self.user_id:
                return self.words("shown.ephemeral_you", where=where, thread=thread)
            return self.words("shown.ephemeral_someone", name=someone, where=where, thread=thread)
        if item.kind == "dm":
            if item.user == self.user_id:
                return self.words("shown.dm", thread=thread)
            return self.words("shown.dm_to", name=someone)
        if item.kind == "update":
            return self.words("shown.updated", place=self.place(item.channel))
        return self.words("shown.message", place=self.place(item.channel), thread=thread)
