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
    goal_talks,
    goals,
    home,
    imports,
    installations,
    kudos,
    orders,
    products,
    progress,
    recognition,
    results,
    rewards,
    sales,
    settings,
    teams,
    training,
    working,
)

# Every listener salesbot has, by feature. roles.py, export.py and segments.py have only their
# subcommands (in commands.py).
FEATURES = (
    commands,
    goals,
    goal_talks,
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
    imports,
    kudos,
    rewards,
    recognition,
    teams,
    products,
    settings,
    home,
    installations,
)


def register_listeners(app: App) -> None:
    for feature in FEATURES:
        feature.register(app)
