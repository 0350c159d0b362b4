"""The use cases both shells run: accounts (account/), files (files/), sharing and the
inbox (sharing/), key lookups (pki), connections to servers (connection), typed progress
events and cancel tokens (events). Only `errors.ServiceError`s leave this package
(boundary translates the lower layers' errors).
"""
