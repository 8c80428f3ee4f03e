"""Slash command listeners."""

from slack_bolt import App

from handlers.commands.sales import handle_sales_command


def register(app: App) -> None:
    app.command("/sales")(handle_sales_command)
