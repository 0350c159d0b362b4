"""The wire vocabulary both the client and the server speak above PrivMX TLS: object ids
and the signed bytes of blocks and descriptors (objects), inbox message envelopes
(messages), fresh proofs for the account methods (account_proof), and the byte-level
encoding helpers shared by every signed format (encoding). Imports app.crypto and the
strict msgpack codec of app.protocol. SPEC.md beside it is the byte-level contract.
"""
