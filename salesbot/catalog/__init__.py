"""Message catalogs, one module per area: ``MESSAGES = {"en": {...}, "nb": {...}}``."""
