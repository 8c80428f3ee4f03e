"""Messages for reading amounts, units, periods and dates, and the pacing status names."""

MESSAGES = {
    "en": {
        "amount.invalid": "I couldn't read `{text}` as an amount.",
        "amount.example": "Write it like `150000`, `150 000`, `150k` or `1.5m`.",
        "amount.negative": "`{text}` is negative; amounts for goals and sales can't be below zero.",
        "amount.zero": "`{text}` is zero; enter an amount above zero.",
        "amount.ambiguous_comma": (
            "`{text}` is unclear: in English a comma separates thousands. "
            "For a decimal, use a point: `{suggestion}`."
        ),
        "amount.too_many_decimals": (
            "`{text}` has more than two decimals. A point marks decimals in English, "
            "so write thousands as `150,000` or `150 000`."
        ),
        "units.invalid": "I couldn't read `{text}` as a number of units; use a whole number above zero.",
        "units.example": "Write it like `3` or `3 units`.",
        "period.invalid": "I couldn't read `{text}` as a period.",
        "period.example": (
            "Write it like `2026-11`, `november`, `2026-Q4`, `Q4`, `2026`, `this month`, "
            "`last quarter` or `2026-11-03..2026-12-15`."
        ),
        "period.range_reversed": "The range `{text}` ends before it starts; put the earlier date first.",
        "period.no_such_day": "I couldn't read `{text}` as a period: {month} has {days} days.",
        "period.no_such_month": "I couldn't read `{text}` as a period: there is no month {month}.",
        "period.single_day": (
            "`{text}` is a single day, not a period: write a range of days such as `{text}..{text}`, "
            "or a month or quarter."
        ),
        "date.invalid": "I couldn't read `{text}` as a date.",
        "date.no_such_day": "I couldn't read `{text}` as a date: {month} has {days} days.",
        "date.no_such_month": "I couldn't read `{text}` as a date: there is no month {month}.",
        "date.example": "Write it like `2026-11-27`, `27.11.2026`, `27.11`, `today` or `tomorrow`.",
        "status.ahead": "Ahead",
        "status.on_track": "On track",
        "status.behind": "Behind",
        "status.at_risk": "At risk",
        "status.reached": "Reached",
        "status.missed": "Missed",
        "status.not_started": "Not started",
    },
    "nb": {
        "amount.invalid": "Jeg forstod ikke `{text}` som et beløp.",
        "amount.example": "Skriv for eksempel `150000`, `150 000`, `150k` eller `1,5m`.",
        "amount.negative": "`{text}` er negativt; beløp for mål og salg kan ikke være under null.",
        "amount.zero": "`{text}` er null; skriv et beløp over null.",
        "amount.ambiguous_comma": (
            "`{text}` er uklart: på engelsk skiller komma tusener. "
            "Bruk punktum for desimaler: `{suggestion}`."
        ),
        "amount.too_many_decimals": (
            "`{text}` har mer enn to desimaler. Komma er desimaltegn på norsk, "
            "så skriv tusener som `150 000` eller `150000`."
        ),
        "units.invalid": "Jeg forstod ikke `{text}` som et antall; bruk et helt tall over null.",
        "units.example": "Skriv for eksempel `3` eller `3 stk`.",
        "period.invalid": "Jeg forstod ikke `{text}` som en periode.",
        "period.example": (
            "Skriv for eksempel `2026-11`, `november`, `2026-K4`, `K4`, `2026`, `denne måneden`, "
            "`forrige kvartal` eller `1.12-15.12`."
        ),
        "period.range_reversed": (
            "Perioden `{text}` slutter før den begynner; sett den tidligste datoen først."
        ),
        "period.no_such_day": "Jeg forstod ikke `{text}` som en periode: {month} har {days} dager.",
        "period.no_such_month": "Jeg forstod ikke `{text}` som en periode: det finnes ingen måned {month}.",
        "period.single_day": (
            "`{text}` er én dag, ikke en periode: skriv et tidsrom som `{text}..{text}`, "
            "eller en måned eller et kvartal."
        ),
        "date.invalid": "Jeg forstod ikke `{text}` som en dato.",
        "date.no_such_day": "Jeg forstod ikke `{text}` som en dato: {month} har {days} dager.",
        "date.no_such_month": "Jeg forstod ikke `{text}` som en dato: det finnes ingen måned {month}.",
        "date.example": "Skriv for eksempel `27.11.2026`, `27.11`, `2026-11-27`, `i dag` eller `i morgen`.",
        "status.ahead": "Foran skjema",
        "status.on_track": "I rute",
        "status.behind": "Bak skjema",
        "status.at_risk": "I faresonen",
        "status.reached": "Nådd",
        "status.missed": "Ikke nådd",
        "status.not_started": "Ikke startet",
    },
}
