"""The local console: a terminal workspace driving the same handlers as Slack."""
