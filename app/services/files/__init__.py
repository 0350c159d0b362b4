"""Files of one tree: upload (put, upload), download (get, download), folders and the
version high-water mark (tree), move, copy, merge, the resumable-upload journal, writes
authorised by a parent folder's key (parent_auth), and the errors of file operations.
"""
