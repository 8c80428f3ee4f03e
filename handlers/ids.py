"""Action, callback and block ids: one place, so builders and listeners agree."""

# Buttons on the help menu and the App Home tab.
OPEN_SETTINGS = "open_settings"
OPEN_PREFERENCES = "open_preferences"
SHOW_TEAMS = "show_teams"
SHOW_PRODUCTS = "show_products"
SHOW_HELP = "show_help"

# Modals.
SETTINGS_MODAL = "settings_modal"
PREFERENCES_MODAL = "preferences_modal"

# Input blocks of the settings modals: block id and action id are the same word.
SETTINGS_FIELDS = (
    "currency",
    "locale",
    "timezone",
    "default_period_kind",
    "announcement_channel",
    "production_contact",
    "customer_service_contact",
    "marketing_contact",
)
PREF_LANGUAGE = "language"
PREF_RANKING = "public_ranking"
