"""salesbot's domain: goals, people, teams, rules. Knows neither Slack nor SQL."""
