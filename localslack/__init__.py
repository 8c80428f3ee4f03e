"""A Slack workspace on this machine, for the tests and the console.

``blockkit`` checks payloads as Slack does, ``webapi`` is the fake Web API (on the loopback
server of ``server``), ``workspace`` drives salesbot with signed requests, and ``console``
is the terminal client.
"""
