"""Share links (LINKS.md): a file, a folder or an upload slot for anyone with the URL.

`LinkStore` is the one interface the RPC handlers (server_stub/handlers/links.py) and the
HTTP routes (`attach_links`, routes.py) use; `open_links(database, data_dir)` builds it.
"""
