"""Whether salesbot can post in a channel, asked of Slack before a feature saves it as the place
to post (a digest's channel, a team's channel): a place it cannot post is no use, and the person
choosing it is the one who can fix that."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from handlers.runtime import quick_client

logger = logging.getLogger(__name__)

# What can be wrong with a channel, as ``channel_problem`` names it.
NOT_FOUND, ARCHIVED, NOT_MEMBER = "not_found", "archived", "not_member"


def channel_problem(client: WebClient, channel_id: str) -> str | None:
    """``NOT_FOUND`` (deleted, or private without salesbot), ``ARCHIVED`` or ``NOT_MEMBER`` when
    salesbot cannot post in ``channel_id``; None when it can, or when Slack cannot tell."""
    try:
        # A slow or rate-limited answer is "cannot tell", not a wait: the work is still to do.
        channel = quick_client(client).conversations_info(channel=channel_id)["channel"]
    except SlackApiError as error:
        code = error.response.get("error")
        if code == "channel_not_found":
            return NOT_FOUND
        # Without channels:read / groups:read (or when rate limited) it cannot tell; the first
        # post will, and the person who chose the channel is told then.
        logger.warning("could not check channel %s: %s", channel_id, code)
        return None
    except (OSError, SlackClientError) as error:
        logger.warning("could not check channel %s: %s", channel_id, error)
        return None
    if channel.get("is_archived"):
        return ARCHIVED
    if not channel.get("is_member") and not channel.get("is_im"):
        return NOT_MEMBER
    return None
