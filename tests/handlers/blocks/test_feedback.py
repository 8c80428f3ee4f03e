"""The low-score alert as a manager reads it, with and without a rep named."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from handlers.blocks.feedback import build_low_alert
from salesbot.i18n import Formatter
from tests.handlers.blocks.checks import valid_message


def answer(**fields):
    values = dict(scale="csat", score=2, stage="delivery", customer="Acme <AS>", comment="Late <again>")
    values.update(fields)
    return SimpleNamespace(permalink="", given_on=date(2026, 12, 7), **values)


def test_the_alert_names_the_rep_and_escapes_what_the_customer_wrote():
    alert = build_low_alert(Formatter("en"), answer(), rep_user_id="U0REP", product="Barista Pro", sale=None)
    assert alert.text.startswith(
        ":warning: *Acme &lt;AS&gt;* gave 2 of 5 for <@U0REP> (Delivery · Barista Pro)."
    )
    assert "Late &lt;again&gt;" in alert.text
    valid_message(alert)


def test_without_a_rep_the_alert_says_so_in_a_whole_sentence():
    alert = build_low_alert(Formatter("nb"), answer(comment=""), rep_user_id=None, product=None, sale=None)
    assert alert.text == ":warning: *Acme &lt;AS&gt;* ga 2 av 5 (Levering); ingen selger er oppgitt."
