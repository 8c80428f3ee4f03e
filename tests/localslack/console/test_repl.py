"""The local console, driven like a person at the keyboard: lines in, a transcript out.

Each test runs ``run_console`` on its own SQLite database with piped input, as
``python bot.py console < script`` would, and reads the transcript the way a user does.
"""

from __future__ import annotations

import io
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.runtime import Services
from handlers.scheduler import build_runner
from localslack.launch import run_console
from localslack.workspace import LOCAL_TEAM_ID, LocalWorkspace
from salesbot.config import Settings
from storage.db import make_engine
from storage.migrate import upgrade

# The prompt shows who and where: "ingrid #general> /sales help", "kari direktemelding med salesbot> …".
PROMPT = re.compile(r"^\S+ (?:#\S+|DM with salesbot|direktemelding med salesbot)> (.*)$", re.MULTILINE)


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch):
    """The console speaks the terminal's language until someone acts: English here, unless a test
    says otherwise."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def console_db(tmp_path):
    engine = make_engine("sqlite:///" + str(tmp_path / "c.db"))
    upgrade(engine)
    yield engine
    engine.dispose()


def console(engine, *lines: str, user: str | None = None) -> str:
    """Runs the console with ``lines`` as its input; returns what it printed."""
    stdout = io.StringIO()
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    assert run_console(Settings(), engine, user=user, stdin=stdin, stdout=stdout) == 0
    return stdout.getvalue()


def reply(transcript: str, command: str, nth: int = -1) -> str:
    """What the console printed after the ``nth`` time ``command`` was typed, up to the next prompt."""
    prompts = list(PROMPT.finditer(transcript))
    starts = [i for i, m in enumerate(prompts) if m.group(1).strip() == command]
    assert starts, f"{command!r} was never typed:\n{transcript}"
    index = starts[nth]
    end = prompts[index + 1].start() if index + 1 < len(prompts) else len(transcript)
    return transcript[prompts[index].end() : end]


def button_number(text: str, label: str) -> str:
    match = re.search(r"\[(\d+)\] " + re.escape(label) + r"(?!\w)", text)
    assert match, f"no button {label!r} in:\n{text}"
    return match.group(1)


def workspace_settings(engine):
    with Services(Settings(), engine).store(LOCAL_TEAM_ID) as store:
        return store.workspace.model_copy()


# -- a session ----------------------------------------------------------------------------------


def test_an_empty_database_offers_the_demo_and_help_shows_the_menu(console_db):
    out = console(console_db, "y", "/sales help")

    assert "Load the demo company Fjordkaffe AS? [Y/n]" in out
    assert "Loaded Fjordkaffe AS: 16 people in 3 teams" in out
    # The workspace owner is the default user; Ingrid's Slack is in Norwegian, and so is the console.
    assert "Du opptrer som Ingrid Solberg (U0DEMO001, administrator) i #general." in out
    help_reply = reply(out, "/sales help")
    assert "[bare du ser denne meldingen]" in help_reply
    assert "Mål, resultater og hele salgsprosessen" in help_reply
    for label in ("Innstillinger", "Mine preferanser", "Team", "Produkter"):
        button_number(help_reply, label)
    assert "`/sales team liste`" in help_reply
    assert "*" not in help_reply  # mrkdwn bold is shown as plain text off a terminal


def test_pressing_the_teams_button_lists_the_demo_teams(console_db):
    first = console(console_db, "y", "/sales help")
    number = button_number(reply(first, "/sales help"), "Team")

    out = console(console_db, "/sales help", number)

    assert "Load the demo company" not in out  # asked only while the workspace is empty
    teams = reply(out, number)
    assert "[bare du ser denne meldingen]" in teams
    assert "Team (3)" in teams
    for team in ("Bedrift Øst", "Bedrift Vest", "Offentlig sektor"):
        assert team in teams
    # Mentions are shown by name, not as <@U…> markup.
    assert "Ledere: @Lars Haugen" in teams
    assert "<@" not in teams


def test_an_admin_creates_a_team_and_adds_someone_by_mention(console_db):
    out = console(
        console_db, "y", "/sales team create Nord", "/sales team add Nord @Kari", "/sales team list"
    )

    assert "Teamet Nord er opprettet" in reply(out, "/sales team create Nord")
    assert "✅ Lagt til i Nord: Kari Nordmann." in reply(out, "/sales team add Nord @Kari")
    listing = reply(out, "/sales team list")
    assert "Team (4)" in listing
    nord = listing[listing.index("Nord ·") :].split("\n\n")[0]
    assert "Medlemmer: @Kari Nordmann" in nord


def test_a_rep_may_not_create_a_team(console_db):
    out = console(console_db, "y", "as Kari", "/sales team create X", "/sales team list")

    assert "Nå er du Kari Nordmann (U0DEMO005, selger)." in out
    refused = reply(out, "/sales team create X")
    assert "Bare salesbot-administratorer kan bruke `/sales team opprett`" in refused
    assert "Team (3)" in reply(out, "/sales team list")


def test_the_settings_modal_is_walked_field_by_field_and_saved(console_db):
    keep = [""] * 15  # Enter keeps every other field, then submits; extra lines are empty commands
    out = console(
        console_db,
        "y",
        "/sales settings",
        "Klingon",  # not a currency on the list: asked again
        "EUR",
        "",
        "London",  # searched: several zones answer to it
        "1",  # the first of them
        *keep,
        "/sales settings",
        *keep,
    )

    first = reply(out, "/sales settings", 0)
    assert "[skjema: Innstillinger]" in first
    assert "Klingon er ikke et av alternativene" in first
    assert "[NOK] > EUR" in first
    assert "[Europe/Oslo (Norge)] > London" in first  # any zone, searched by what is typed
    assert "1) Europe/London (Storbritannia)" in first and "→ Europe/London (Storbritannia)" in first
    assert "Sende inn? [J/n]" in first
    assert "Kanal for kunngjøringer (valgfritt)" in first
    saved = first[first.index("[Direktemelding fra salesbot]") :]
    assert "Innstillingene er lagret: EUR" in saved
    assert "Europe/London" in saved

    second = reply(out, "/sales settings", 1)
    assert "[EUR] >" in second
    assert "[Europe/London (Storbritannia)] >" in second

    workspace = workspace_settings(console_db)
    assert (workspace.currency, workspace.timezone) == ("EUR", "Europe/London")


def test_the_holiday_country_is_searched_and_the_year_end_eves_unticked(console_db):
    out = console(
        console_db,
        "y",
        "/sales settings",
        *[""] * 5,  # currency, language, timezone, period and pacing kept
        "sverige",  # one country answers to it
        "none",  # Christmas Eve and New Year's Eve are working days
        *[""] * 12,  # the scale, the channel, recognition's four settings, the three contacts
    )

    modal = reply(out, "/sales settings")
    assert "Helligdager" in modal and "[Norge] > sverige" in modal  # Oslo's country until chosen
    assert "→ Sverige" in modal
    assert "Julaften og nyttårsaften (valgfritt)" in modal and "[x] Fridager, som helligdager" in modal
    assert "Innstillingene er lagret" in modal
    workspace = workspace_settings(console_db)
    assert (workspace.holiday_country, workspace.year_end_eves_off) == ("SE", False)


def test_field_errors_are_shown_under_the_field_and_only_it_is_asked_again(console_db, monkeypatch):
    import salesbot.workspace_settings

    refusals = [{"timezone": "settings.timezone_invalid"}]
    real = salesbot.workspace_settings.settings_errors
    monkeypatch.setattr(
        salesbot.workspace_settings, "settings_errors", lambda s: refusals.pop() if refusals else real(s)
    )

    out = console(console_db, "y", "/sales settings", *[""] * 20)

    modal = reply(out, "/sales settings")
    refused = modal[modal.index("salesbot kunne ikke lagre dette:") :]
    assert refused.split("\n")[1:3] == ["  Tidssone", "    ⚠ Velg en tidssone fra listen."]
    assert refused.count("[Europe/Oslo (Norge)] >") == 1 and "[NOK] >" not in refused
    assert "Innstillingene er lagret" in refused


def test_a_modal_replaced_by_its_acknowledgement_is_shown(console_db, monkeypatch):
    import handlers.settings

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(handlers.settings, "update_settings", broken)

    out = console(console_db, "y", "/sales settings", *[""] * 20)

    modal = reply(out, "/sales settings")
    failure = modal[modal.index("[skjema: salesbot]") :]
    assert "Noe gikk galt hos oss, og ingenting ble lagret" in failure
    assert "[Direktemelding fra salesbot]" not in modal


def test_declining_the_demo_makes_the_person_at_the_keyboard_the_owner(console_db, monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("TZ", "Europe/Oslo")

    out = console(console_db, "n", "Per Olsen", "/sales help")

    assert "Your name: Per Olsen" in out
    assert "Acting as Per Olsen (U0CONSOLE) in #general." in out
    help_reply = reply(out, "/sales help")
    assert "Goals, results and the whole sales process" in help_reply
    button_number(help_reply, "Workspace settings")  # the workspace owner is an admin
    with Services(Settings(), console_db).store(LOCAL_TEAM_ID) as store:
        (person,) = store.people()
        assert (person.slack_user_id, person.name, person.is_slack_owner) == ("U0CONSOLE", "Per Olsen", True)


def test_each_person_reads_salesbot_in_their_own_language(console_db):
    out = console(console_db, "y", "as Ola", "/sales help", "as Sofie", "/sales help")

    norwegian, english = reply(out, "/sales help", 0), reply(out, "/sales help", 1)
    assert "Mål, resultater og hele salgsprosessen" in norwegian
    button_number(norwegian, "Mine preferanser")
    assert "Innstillinger" not in norwegian  # a rep has no workspace settings button
    assert "Goals, results and the whole sales process" in english
    button_number(english, "My preferences")
    # The console's own words follow whoever acts, from the moment they do.
    assert "Nå er du Ola Hansen (U0DEMO006, selger)." in out
    assert "[bare du ser denne meldingen]" in norwegian
    assert "You are now Sofie Lie (U0DEMO007, rep)." in out
    assert "[ephemeral, only you see this]" in english


# English words a Norwegian reader's form must not show, whatever the form.
ENGLISH_CONSOLE_WORDS = ("[modal:", "Fill in each field", "Submit?", "(optional)", "Type a date", "Answer y")


def test_a_norwegian_reader_fills_in_a_form_in_norwegian_throughout(console_db):
    out = console(console_db, "y", "/sales away", "", "i morgen", "24.12.2027", "2.1.2028", "kanskje", "j")

    form = reply(out, "/sales away")
    assert "[skjema: Fravær]  (Lagre / Avbryt)" in form
    assert "Fyll ut feltene ett for ett: Enter beholder verdien i [klammer]" in form
    assert "Skriv en dato som 24.12.2026 eller 2026-12-24, eller i dag." in form
    assert "Sende inn? [J/n] kanskje\nSvar j for å sende inn eller n for å lukke skjemaet." in form
    assert "(sendt inn; skjemaet er lukket)" in form
    # A date as Norwegians write it is read.
    assert "Fravær registrert for @Ingrid Solberg: 24. des. 2027 – 2. jan. 2028" in form
    assert [words for words in ENGLISH_CONSOLE_WORDS if words in form] == []


def test_an_english_reader_fills_in_a_form_in_english(console_db):
    out = console(console_db, "y", "as Sofie", "/sales away", "tomorrow", "2027-12-24", "2028-01-02", "n")

    form = reply(out, "/sales away")
    assert "[modal: Time off]  (Save / Cancel)" in form
    assert "Fill in each field: Enter keeps the value in [brackets]" in form
    assert "Type a date as 2026-12-24 or 24.12.2026, or today." in form
    assert "Submit? [Y/n] n\n(Cancel: nothing was submitted)" in form


def test_a_norwegian_terminal_is_answered_in_norwegian_until_someone_acts(console_db, monkeypatch):
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    monkeypatch.setenv("TZ", "Europe/Oslo")

    out = console(console_db, "x", "n", "Per Olsen")

    assert out.startswith(
        "Dette arbeidsområdet er tomt. Vil du laste inn demobedriften Fjordkaffe AS? [J/n] x\n"
        "Svar j eller n.\n"
    )
    assert "Navnet ditt: Per Olsen\nVelkommen, Per Olsen! Du eier dette arbeidsområdet" in out
    assert "Du opptrer som Per Olsen (U0CONSOLE) i #general." in out


def test_a_button_opens_a_modal_and_the_choice_takes_effect(console_db):
    out = console(
        console_db,
        "y",
        "as Sofie",
        "/sales help",
        "press My preferences",
        "Norsk bokmål",  # Language
        "",  # Leaderboards: kept
        "",  # Submit? yes
        "/sales help",
    )

    modal = reply(out, "press My preferences")
    assert "[modal: My preferences]  (Save / Cancel)" in modal
    assert "[Same as my Slack language] > Norsk bokmål" in modal
    assert "(submitted; the modal closed)" in modal
    # salesbot now speaks Norwegian to Sofie, and so does the console around it.
    assert "[Direktemelding fra salesbot]\n  ✅ Preferansene er lagret: norsk bokmål" in modal
    norwegian = reply(out, "/sales help", 1)
    assert "Mål, resultater og hele salgsprosessen" in norwegian
    assert "[bare du ser denne meldingen]" in norwegian


def test_the_app_home_tab_and_its_buttons(console_db):
    out = console(console_db, "y", "home", "press Hjelp")

    home = reply(out, "home")
    assert "[Home-fanen]" in home
    assert "Hei, Ingrid Solberg" in home
    button_number(home, "Hjelp")
    # The App Home tab has no response_url, so salesbot answers in the DM.
    pressed = reply(out, "press Hjelp")
    assert "[Direktemelding fra salesbot]" in pressed
    assert "Mål, resultater og hele salgsprosessen" in pressed


def test_the_console_starts_as_the_user_asked_for(console_db):
    console(console_db, "y")

    out = console(console_db, "users", user="Sofie")

    assert "Acting as Sofie Lie (U0DEMO007, rep) in #general." in out
    people = reply(out, "users")
    assert re.search(r"U0DEMO001\s+Ingrid Solberg\s+admin", people)
    assert re.search(r"U0DEMO007\s+Sofie Lie\s+rep .*← you", people)


def test_quit_and_end_of_input_end_the_session_cleanly(console_db):
    assert console(console_db) == "This workspace is empty. Load the demo company Fjordkaffe AS? [Y/n] \n"
    with Services(Settings(), console_db).store(LOCAL_TEAM_ID) as store:
        assert store.count_people() == 0

    out = console(console_db, "y", "quit", "/sales help")
    assert "/sales help" not in out.split("> quit", 1)[1]


def test_console_commands_and_stray_text(console_db):
    out = console(console_db, "y", "help", "hello", "/giphy cat", "7", "channel sales", "/sales team list")

    assert "as NAVN           opptre som en annen" in reply(out, "help")
    assert "prøv /sales hjelp" in reply(out, "hello")
    assert "/giphy finnes ikke her" in reply(out, "/giphy cat")
    assert "ingen knapper å trykke på" in reply(out, "7")
    assert "Nå er du i #sales." in reply(out, "channel sales")
    assert "ingrid #sales> /sales team list" in out


def test_a_team_channel_made_in_the_console_keeps_its_name_after_a_restart(console_db):
    first = console(console_db, "y", "channel salg-ost", '/sales team channel "Bedrift Øst" #salg-ost')
    assert "Opprettet #salg-ost" in first
    assert "#salg-ost" in reply(first, '/sales team channel "Bedrift Øst" #salg-ost')

    out = console(console_db, "/sales team list", "channel")

    listing = reply(out, "/sales team list")
    east = listing[listing.index("Bedrift Øst ·") :].split("\n\n")[0]
    assert "#salg-ost" in east
    assert "C0" not in listing
    assert "#salg-ost" in reply(out, "channel")  # and it can be moved to, by its name


class Keyboard(io.StringIO):
    """A person typing lines; a callable among them is something that happens while they sit at
    the prompt, after which they read the screen (up to a few seconds) before typing on."""

    def __init__(self, screen: io.StringIO, *steps) -> None:
        super().__init__()
        self.screen = screen
        self.steps = list(steps)

    def readline(self, size: int = -1) -> str:
        while self.steps:
            step = self.steps.pop(0)
            if not callable(step):
                return step + "\n"
            wanted = step()
            deadline = time.monotonic() + 5
            while wanted not in self.screen.getvalue() and time.monotonic() < deadline:
                time.sleep(0.05)
        return ""


def test_a_personal_digest_shows_when_it_arrives_not_after_the_next_command(console_db, monkeypatch):
    started = []
    start = LocalWorkspace.start

    def keep(*args, **kwargs):
        started.append(start(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(LocalWorkspace, "start", keep)

    def eight_in_the_morning_comes():
        # The scheduler's tick at 08:00 in Ingrid's timezone, on its own thread as in the console.
        oslo = ZoneInfo("Europe/Oslo")
        tomorrow = datetime.now(oslo).date() + timedelta(days=1)
        due = datetime.combine(tomorrow, datetime.min.time().replace(hour=8, second=30), oslo)
        runner = build_runner(started[0].settings, console_db, election=False)
        threading.Thread(target=runner.tick, args=(due.astimezone(UTC),)).start()
        return "Din salgsoppsummering"

    screen = io.StringIO()
    typed = Keyboard(
        screen, "y", "/sales digest me 08:00 daily", "/sales help", eight_in_the_morning_comes, "quit"
    )
    assert run_console(Settings(scheduler_on=False), console_db, stdin=typed, stdout=screen) == 0
    out = screen.getvalue()

    waiting = out[out.rindex("> /sales help") : out.index("> quit") + len("> quit")]
    digest = waiting[waiting.index("[Direktemelding fra salesbot]") :]
    assert "Din salgsoppsummering" in digest
    # Shown above a fresh prompt, so what is typed next stays on its own line.
    assert re.search(r"\ningrid #general> \n\n\[Direktemelding fra salesbot\]", waiting)
    assert waiting.endswith("\n\ningrid #general> quit")


def test_a_form_whose_amount_is_asked_about_is_saved_from_the_question(console_db):
    out = console(
        console_db,
        "y",
        "/sales result",
        "",  # the person: Ingrid herself
        "Barista Pro 2",
        "249 900",  # ten times its list price
        *[""] * 5,  # units, customer, segment, order date, promised date
        "",  # submit the form
        "",  # submit the question: Lagre likevel
    )
    asked = reply(out, "/sales result")
    assert "Sjekk beløpet" in asked and "er 10 ganger listeprisen for 1 × Barista Pro 2" in asked
    assert "Lagre likevel" in asked
    assert "Salget er registrert." in asked[asked.index("Sjekk beløpet") :]
