"""The local console (``python bot.py console``): a Slack workspace in this terminal.

What is typed becomes what Slack would send (slash commands, button presses, modal submissions),
signed and dispatched through a ``LocalWorkspace`` into the same Bolt app that serves Slack; what
salesbot sends to the fake Web API is shown as text. ``start.run`` opens a session; ``repl`` is
its loop, ``render`` draws Block Kit, ``modals`` and ``fields`` fill in modals, ``mentions``
turns typed names into Slack's mentions, ``words`` says the console's own words in the acting
person's language. It never reads the database: see ``records``.
"""

from localslack.console.start import run

__all__ = ["run"]
