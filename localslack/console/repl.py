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
CONSOLE_HELP = """\
Console commands:
  /sales …          run salesbot's slash command in the current channel (try /sales help).
                    Mention people as @Kari, @"Kari Nordmann" or @U0DEMO005.
  N  or  press N    press button [N] shown above (press LABEL presses a button by its label)
  as NAME           act as someone else (first name, full name or Slack id)
  users             everyone in the workspace, with their Slack ids and roles
  channel NAME      move to another channel (a new name creates it; `channel dm` is your DM with salesbot)
  home              open your App Home tab
  adduser NAME      add a person to this local workspace
  help              this list
  quit              leave (end of input does too)"""
_CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,79}$")


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
        self.render = Renderer(self.fake, self.term.style)
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
            return "DM with salesbot"
        return "#" + self.channel[1]

    def prompt(self) -> str:
        return f"{self.me.name} {self.where()}> "

    def role_of(self, user_id: str) -> str | None:
        return self.records.roles([user_id]).get(user_id)

    def banner(self) -> None:
        name = self.records.workspace_name()
        role = self.role_of(self.user_id)
        self.term.out()
        title = f"salesbot local console — {name or 'local workspace'}"
        self.term.out(self.term.style.bold(title))
        self.term.out(
            f"Acting as {self.me.real_name} ({self.user_id}{', ' + role if role else ''}) in {self.where()}."
        )
        self.term.out(
            "Type /sales help to begin. Console commands: as NAME · users · channel NAME · home · "
            "N (press button N) · help · quit"
        )

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
                self.term.out(self.term.style.dim("[salesbot opened a form — press Enter to fill it in]"))

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
            self.term.out(CONSOLE_HELP)
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
            self.term.out(
                f"{word} is not installed here; salesbot's command is /sales. Type help for console commands."
            )
        else:
            self.term.out(
                "salesbot listens to /sales here: try /sales help. Type help for the console's own commands."
            )
        return True

    # -- console commands ----------------------------------------------------------------
    def switch_user(self, name: str) -> None:
        if not name:
            self.term.out("as whom? For example: as Kari. Type users to see everyone.")
            return
        user = find_person(self.fake, name)
        if user is None:
            self.term.out(
                f"No one called {name} here. Type users to see everyone, or adduser NAME to add someone."
            )
            return
        self.user_id = user.id
        self.buttons = []  # what the last person saw is not on this person's screen
        if self.channel[1] == DM:
            self.channel = (self.fake.im_channel(user.id), DM)
        role = self.role_of(user.id)
        self.term.out(f"You are now {user.real_name} ({user.id}{', ' + role if role else ''}).")

    def list_users(self) -> None:
        users = sorted(
            (u for u in list(self.fake.users.values()) if not u.is_bot and not u.deleted),
            key=lambda u: u.real_name.casefold(),
        )
        roles = self.records.roles([u.id for u in users])
        width = max((len(u.real_name) for u in users), default=10)
        self.term.out("People in this workspace (use the name or the id with `as` and in @mentions):")
        for user in users:
            role = roles.get(user.id, "not seen by salesbot yet")
            you = "  ← you" if user.id == self.user_id else ""
            self.term.out(
                f"  {user.id:<11} {user.real_name:<{width}}  {role:<8} {user.locale:<6} {user.tz}{you}"
            )

    def switch_channel(self, name: str) -> None:
        name = name.strip()
        if not name:
            channels = sorted(c["name"] for c in list(self.fake.channels.values()) if not c["is_im"])
            self.term.out(
                "Channels: " + ", ".join("#" + c for c in channels) + " — and `channel dm` for your DM."
            )
            return
        if name.casefold() in ("dm", "im", "@salesbot", "salesbot"):
            self.channel = (self.fake.im_channel(self.user_id), DM)
            self.term.out("You are now in your DM with salesbot.")
            return
        channel = find_channel(self.fake, name)
        if channel is None or channel["is_im"]:
            wanted = name.lstrip("#").casefold()
            channel_id = channel_id_for(wanted) if _CHANNEL_NAME.match(wanted) else None
            if channel_id is None or channel_id in self.fake.channels:
                self.term.out(
                    "A channel name here is lower-case letters, digits, - and _, up to 30 characters "
                    "(z, - and _ count twice), like #sales-north."
                )
                return
            channel = self.fake.add_channel(channel_id, wanted)
            self.term.out(f"Created #{wanted} (salesbot is a member).")
        self.channel = (channel["id"], channel["name"])
        self.term.out(f"You are now in #{channel['name']}.")

    def add_person(self, name: str) -> None:
        name = " ".join(name.strip().strip('"').split())
        if not name:
            self.term.out('adduser NAME, for example: adduser "Per Olsen"')
            return
        if find_person(self.fake, name) is not None:
            self.term.out(f"There is already someone called {name}.")
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
        self.term.out(
            f"Added {user.real_name} ({user.id}); salesbot meets them when they are first mentioned or act."
        )

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
            self.term.out("There are no buttons to press yet.")
            return
        button = None
        if which.isdigit():
            number = int(which)
            if 1 <= number <= len(self.buttons):
                button = self.buttons[number - 1]
            else:
                self.term.out(f"Press a number from 1 to {len(self.buttons)}.")
                return
        else:
            wanted = which.casefold()
            matches = [b for b in self.buttons if b.label.casefold() == wanted] or [
                b for b in self.buttons if wanted and wanted in b.label.casefold()
            ]
            if len(matches) != 1:
                choices = ", ".join(f"[{i}] {b.label}" for i, b in enumerate(self.buttons, start=1))
                self.term.out(f"Which button? {choices}")
                return
            button = matches[0]
        self.click(button)

    def click(self, button: Button, *, state: dict | None = None, settle: bool = True) -> None:
        """Presses ``button`` as the current user; ``settle`` shows what salesbot sent back."""
        source = button.source
        on_modal = source.kind in MODAL_KINDS or (button.view is not None and source.kind != "home")
        if on_modal and (button.view or source.view or {}).get("id") not in self.fake.views:
            self.term.out("That modal is closed.")
            return
        if button.confirm and not self.confirm(button.confirm):
            return
        if button.url:
            self.term.out(f"(opens {button.url})")
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
        label = text_of(confirm.get("confirm")) or "OK"
        return self.term.yes(f"{label}? [y/N] ", default=False)

    def report_status(self, result: HttpResult) -> None:
        if result.status != 200:
            body = result.text.strip()
            self.term.out(f"[salesbot answered HTTP {result.status}{': ' + body[:300] if body else ''}]")

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
        self.render_new()

    def wait_idle(self) -> None:
        try:
            self.workspace.wait_idle()
        except TimeoutError:
            self.term.out("(salesbot is still working; what it sends will show after your next command)")

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
                self.term.out(self.term.style.dim("[App Home updated — type home to see it]"))
                return
            lines = self.render.blocks((item.view or {}).get("blocks"), buttons, item, view=item.view)
            self.term.print_item("[App Home]", lines)
            return
        if kind == "delete":
            self.term.out()
            self.term.out(self.term.style.dim(f"[salesbot deleted a message in {self.place(item.channel)}]"))
            return
        if kind == "file":
            file = item.file or {}
            size = file.get("size")
            header = (
                f"[file from salesbot in {self.place(item.channel)}: {file.get('title') or file.get('name')}"
            )
            header += f", {size} bytes]" if size is not None else "]"
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
            return (
                "your DM"
                if channel["user"] == self.user_id
                else f"a DM with {self.render.user_name(channel['user'])}"
            )
        return "#" + channel["name"]

    def header_for(self, item: Posted) -> str:
        thread = ", in a thread" if item.thread_ts else ""
        someone = self.render.user_name(item.user or "")
        if item.kind == "ephemeral":
            who = "you" if item.user == self.user_id else someone
            where = "" if item.channel == self.channel[0] else f" in {self.place(item.channel)}"
            return f"[ephemeral{where}, only {who} see{'' if who == 'you' else 's'} this{thread}]"
        if item.kind == "dm":
            return (
                f"[DM from salesbot{thread}]"
                if item.user == self.user_id
                else f"[DM from salesbot to {someone}]"
            )
        if item.kind == "update":
            return f"[salesbot updated a message in {self.place(item.channel)}]"
        return f"[{self.place(item.channel)}{thread}] salesbot:"
