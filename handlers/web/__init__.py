"""What salesbot serves to browsers rather than to Slack: the feedback page for customers.

Plain WSGI beside ``/slack/events`` (mounted in ``handlers/app.py``); HTML is built only in
``handlers/web/html.py``, as Block Kit is only in ``handlers/blocks/``.
"""
