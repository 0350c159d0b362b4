"""The RPC handlers of the server, one module per area (account, objects, pki, proxy,
sinks), and the registry that binds them to method names (registry).
"""
