"""Search across the own tree with a client-side index, encrypted at rest (INDEX.md)."""
