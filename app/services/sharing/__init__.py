"""Sharing: grant and revoke access to a file or folder (service, rekey), the share
message and its verification (message, verify), the received shares and their
settings (settings, mounts under /Shared), the inbox (inbox, inbox_keys), and errors.
"""
