"""`/sales` subcommands for progress (registered with `@subcommand`)."""
