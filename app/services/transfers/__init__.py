"""The transfer list: the transfers a window had not finished, kept encrypted in the
profile so the next start shows them again (TRANSFERS.md)."""
