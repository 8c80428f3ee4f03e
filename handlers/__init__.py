"""Slack listeners: parse the payload, call the domain, render Block Kit, reply.

One module per feature (the same name as its domain module in salesbot/), each registering
its own buttons, forms and events; ``/sales`` and its table of subcommands are in commands.py.
"""

from slack_bolt import App

from handlers import (
    away,
    coaching,
    commands,
    diagnosis,
    digests,
    feedback,
    feedback_links,
    goals,
    home,
    orders,
    products,
    progress,
    results,
    sales,
    settings,
    teams,
    training,
    working,
)

# Every listener salesbot has, by feature. roles.py and segments.py have only their subcommands
# (in commands.py).
FEATURES = (
    commands,
    goals,
    sales,
    feedback_links,
    orders,
    results,
    away,
    progress,
    diagnosis,
    coaching,
    digests,
    training,
    feedback,
    working,
    teams,
    products,
    settings,
    home,
)


def register_listeners(app: App) -> None:
    for feature in FEATURES:
        feature.register(app)
