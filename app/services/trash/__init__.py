"""The trash of the own tree: deleted items kept for a while, restorable (TRASH.md)."""
