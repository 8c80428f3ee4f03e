"""Goals actions listeners."""

from slack_bolt import App


def register(app: App) -> None:
    """Registers this module's listeners."""
