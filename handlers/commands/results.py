"""`/sales` subcommands for results (registered with `@subcommand`)."""
