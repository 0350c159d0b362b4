"""A folder's activity for a person (service): the log itself, its format, writing and
checking, is app.services.files.activity (ACTIVITY.md there)."""
