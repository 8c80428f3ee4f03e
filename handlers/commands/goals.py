"""`/sales` subcommands for goals (registered with `@subcommand`)."""
