"""``/sales segments``: the workspace's customer segments; admins add, rename and retire them.
A sale's segment is picked in the sale form or typed in ``/sales result`` (``handlers/sales.py``)."""

from __future__ import annotations

from handlers.blocks.common import mrkdwn_escape
from handlers.blocks.segments import build_segments
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot import segments


def segments_command(request: Request, text: str) -> Reply:
    store, actor, fmt = request.store, request.actor, request.fmt
    command = segments.parse_segments(text)
    notice = None
    if command.action == "add":
        segment = segments.add_segment(store, actor, command.name)
        notice = fmt.t("segments.added", name=mrkdwn_escape(segments.segment_label(segment, actor.lang)))
    elif command.action == "rename":
        segment = segments.rename_segment(store, actor, command.name, command.new_name)
        notice = fmt.t("segments.renamed", old=mrkdwn_escape(command.name), name=mrkdwn_escape(segment.label))
    elif command.action == "retire":
        label, kept = segments.retire_segment(store, actor, command.name)
        notice = fmt.t("segments.retired" if kept else "segments.deleted", name=mrkdwn_escape(label))
    listed = segments.segment_list(store, include_retired=True)
    return build_segments(
        fmt,
        [(segments.segment_label(segment, actor.lang), segment.active) for segment in listed],
        admin=actor.is_admin,
        notice=notice,
    )
