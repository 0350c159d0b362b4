"""Privshare: end-to-end encrypted file sharing on the PrivMX architecture."""

__version__ = "0.1.0"
