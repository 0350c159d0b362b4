"""Privshare Drive: the account's decrypted tree as a local WebDAV server (SPEC.md)."""
