"""Slack listeners: parse the payload, call the domain, render Block Kit."""

from slack_bolt import App

from handlers import actions, commands, events, views


def register_listeners(app: App) -> None:
    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)
