"""The use cases both shells run: the one session of a profile (session), accounts
(account/), files (files/), sharing and the inbox (sharing/), key lookups (pki, lookup),
connections to servers (connection), the client half of the self-test (selftest), typed
progress events and cancel tokens (events). Only `errors.ServiceError`s leave this package
(boundary translates the lower layers' errors).
"""
