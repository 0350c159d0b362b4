"""Share links in the browser (server_stub/LINKS.md): `service.LinkService` makes, lists and
revokes them and collects file requests; `format` is the byte format, without I/O."""
