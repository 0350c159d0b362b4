"""Modal dialogs: account (password, phrase, delete), settings, share, versions."""
