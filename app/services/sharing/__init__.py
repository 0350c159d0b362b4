"""Sharing: grant and revoke access to a file or folder (service, rekey), the share
message and its verification (message, verify), the received shares and their
settings (settings, mounts under /Shared), your files and those mounts as one path
space (router), the inbox (inbox; its keys are the account's, account/inbox_keys), and
errors.
"""
