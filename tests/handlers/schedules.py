"""A workspace for digests (Wednesday 18 November 2026, 07:30 UTC: 08:30 in Oslo, 02:30 in New York)
with a #sales channel salesbot is in and one it is not; schedules made through the modal; a runner
on the workspace's movable clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from handlers.ids import OPEN_DIGEST_MODAL
from handlers.scheduler import build_runner
from handlers.scheduler.posting import ChannelPacer
from localslack.workspace import LocalWorkspace
from storage.models import DigestSchedule
from tests.conftest import OWNER, local_workspace
from tests.helpers import rows

SALES = ("C0SALES", "sales")
OUTSIDE = ("C0OUTSIDE", "outside")  # salesbot is not a member
# Wednesday 18 November 2026, 07:30 UTC: 08:30 in Oslo, 02:30 in New York.
START = datetime(2026, 11, 18, 7, 30, tzinfo=UTC)


@contextmanager
def digest_workspace(db) -> Iterator[LocalWorkspace]:
    with local_workspace(db, at=START) as workspace:
        workspace.fake.add_channel(*SALES)
        workspace.fake.add_channel(*OUTSIDE, is_member=False)
        yield workspace


def runner_for(ws, **options):
    return build_runner(
        ws.settings, ws.engine, clock=ws.clock, pacer=ChannelPacer(0), election=False, **options
    )


def new_schedule(ws, user=OWNER, channel=SALES, **answers) -> None:
    ws.command("digest", user=user, channel=channel)
    ws.click(user=user, action_id=OPEN_DIGEST_MODAL, value="new", channel=channel)
    view = ws.fake.top_view(user)
    assert view is not None, ws.fake.snapshot_posted()
    if "digest_timezone" in answers:  # found as a person finds it: typing its city
        city = answers["digest_timezone"].rsplit("/", 1)[-1].replace("_", " ")
        found = ws.suggest(user=user, view=view, action_id="digest_timezone", value=city)
        assert answers["digest_timezone"] in [option["value"] for option in found]
    ws.submit(user=user, view=view, answers={"digest_channel": channel[0], **answers})


def keys(labels: list[str]) -> list[str]:
    """Occurrence keys from a tick report's ``schedule id@key`` labels."""
    return [label.split("@", 1)[1] for label in labels]


def schedules(db) -> list[DigestSchedule]:
    return rows(db, DigestSchedule)


def channel_posts(ws, channel=SALES[0]):
    return [p for p in ws.fake.snapshot_posted() if p.kind in ("message", "file") and p.channel == channel]


def list_message(ws, user=OWNER):
    return [p for p in ws.fake.snapshot_posted() if p.kind in ("ephemeral", "update") and p.user == user][-1]
