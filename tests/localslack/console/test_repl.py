"""The local console, driven like a person at the keyboard: lines in, a transcript out.

Each test runs ``run_console`` on its own SQLite database with piped input, as
``python bot.py console < script`` would, and reads the transcript the way a user does.
"""

from __future__ import annotations

import io
import re

import pytest

from handlers.runtime import Services
from localslack.launch import run_console
from localslack.workspace import LOCAL_TEAM_ID
from salesbot.config import Settings
from storage.db import make_engine
from storage.migrate import upgrade

# The prompt shows who and where: "ingrid #general> /sales help".
PROMPT = re.compile(r"^\S+ (?:#\S+|DM with salesbot)> (.*)$", re.MULTILINE)


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
    # The workspace owner is the default user; Ingrid's Slack is in Norwegian.
    assert "Acting as Ingrid Solberg (U0DEMO001, admin) in #general." in out
    help_reply = reply(out, "/sales help")
    assert "[ephemeral, only you see this]" in help_reply
    assert "Mål, resultater og hele salgsprosessen" in help_reply
    for label in ("Innstillinger", "Mine preferanser", "Team", "Produkter"):
        button_number(help_reply, label)
    assert "`/sales team list`" in help_reply
    assert "*" not in help_reply  # mrkdwn bold is shown as plain text off a terminal


def test_pressing_the_teams_button_lists_the_demo_teams(console_db):
    first = console(console_db, "y", "/sales help")
    number = button_number(reply(first, "/sales help"), "Team")

    out = console(console_db, "/sales help", number)

    assert "Load the demo company" not in out  # asked only while the workspace is empty
    teams = reply(out, number)
    assert "[ephemeral, only you see this]" in teams
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

    assert "You are now Kari Nordmann (U0DEMO005, rep)." in out
    refused = reply(out, "/sales team create X")
    assert "Bare salesbot-administratorer kan bruke `/sales team create`" in refused
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
    assert "[modal: Innstillinger]" in first
    assert "Klingon is not one of the options" in first
    assert "[NOK] > EUR" in first
    assert "[Europe/Oslo (Norge)] > London" in first  # any zone, searched by what is typed
    assert "1) Europe/London (Storbritannia)" in first and "→ Europe/London (Storbritannia)" in first
    assert "Submit? [Y/n]" in first
    saved = first[first.index("[DM from salesbot]") :]
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
        *[""] * 8,
    )

    modal = reply(out, "/sales settings")
    assert "Helligdager" in modal and "[Norge] > sverige" in modal  # Oslo's country until chosen
    assert "→ Sverige" in modal
    assert "Julaften og nyttårsaften (optional)" in modal and "[x] Fridager, som helligdager" in modal
    assert "Innstillingene er lagret" in modal
    workspace = workspace_settings(console_db)
    assert (workspace.holiday_country, workspace.year_end_eves_off) == ("SE", False)


def test_field_errors_are_shown_under_the_field_and_only_it_is_asked_again(console_db, monkeypatch):
    import handlers.settings

    refusals = [{"timezone": "settings.timezone_invalid"}]
    real = handlers.settings.settings_errors
    monkeypatch.setattr(
        handlers.settings, "settings_errors", lambda s: refusals.pop() if refusals else real(s)
    )

    out = console(console_db, "y", "/sales settings", *[""] * 20)

    modal = reply(out, "/sales settings")
    refused = modal[modal.index("salesbot could not save this:") :]
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
    failure = modal[modal.index("[modal: salesbot]") :]
    assert "Noe gikk galt hos oss, og ingenting ble lagret" in failure
    assert "[DM from salesbot]" not in modal


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
    assert "Mål, resultater og hele salgsprosessen" in reply(out, "/sales help", 1)


def test_the_app_home_tab_and_its_buttons(console_db):
    out = console(console_db, "y", "home", "press Hjelp")

    home = reply(out, "home")
    assert "[App Home]" in home
    assert "Hei, Ingrid Solberg" in home
    button_number(home, "Hjelp")
    # The App Home tab has no response_url, so salesbot answers in the DM.
    pressed = reply(out, "press Hjelp")
    assert "[DM from salesbot]" in pressed
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

    assert "as NAME" in reply(out, "help")
    assert "try /sales help" in reply(out, "hello")
    assert "/giphy is not installed here" in reply(out, "/giphy cat")
    assert "no buttons to press" in reply(out, "7")
    assert "You are now in #sales." in reply(out, "channel sales")
    assert "ingrid #sales> /sales team list" in out
