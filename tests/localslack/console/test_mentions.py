"""Names typed at the console become mentions as Slack escapes them."""

import pytest

from localslack.console.mentions import escape_mentions
from localslack.webapi import FakeSlack, FakeUser


@pytest.fixture
def fake():
    fake = FakeSlack()  # not started: only its directory is used
    fake.add_user(FakeUser("U0KARI", "kari", "Kari Nordmann"))
    fake.add_user(FakeUser("U0OLA", "ola", "Ola Hansen"))
    fake.add_channel("C0SALES", "sales")
    fake.add_usergroup("S0SELLERS", "sellers", ["U0KARI"])
    return fake


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("team add Nord @Kari", "team add Nord <@U0KARI|kari>"),
        ("team add Nord @kari, @Ola.", "team add Nord <@U0KARI|kari>, <@U0OLA|ola>."),
        ('kudos @"Kari Nordmann" great demo', "kudos <@U0KARI|kari> great demo"),
        ("kudos @Kari Nordmann great demo", "kudos <@U0KARI|kari> great demo"),
        ("role @U0OLA manager", "role <@U0OLA|ola> manager"),
        ("team add Nord @nobody", "team add Nord @nobody"),
        ("feedback kari@example.com", "feedback kari@example.com"),
        ("digest #sales @here @sellers", "digest <#C0SALES|sales> <!here> <!subteam^S0SELLERS|@sellers>"),
        ("product add Model #3", "product add Model #3"),
    ],
)
def test_mentions_are_escaped_as_slack_does(fake, typed, sent):
    assert escape_mentions(typed, fake) == sent
