"""What the WebDAV drive (app/drive) needs from the services: an encrypted spool for the
files being written and path operations that stream (app/drive/SPEC.md)."""
