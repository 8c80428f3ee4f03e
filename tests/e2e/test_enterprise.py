"""Enterprise Grid: an org-wide install's events name no team in their authorization."""

from __future__ import annotations

from tests.conftest import REP
from tests.helpers import shown


def test_app_home_opens_for_an_org_wide_install(slack):
    slack.open_home(REP, org_wide=True)
    home = slack.fake.home_view(REP)
    assert home is not None and "Hi Rita Rep" in shown(home)
