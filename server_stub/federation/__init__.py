"""The server's side of federation: the HTTP client that discovers and forwards to other
servers (client), discovery of their configuration (discovery), and the policy on
which destinations may be reached and how often (policy).
"""
