"""Block Kit builders: plain data in, Slack surfaces out. One module per surface."""
