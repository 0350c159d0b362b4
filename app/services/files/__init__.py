"""Files: one tree's operations (service); the account's whole path space, with the
accepted shares mounted under /Shared, is sharing/router.py (above both). Inside:
upload (put, upload, the resumable journal), download (get, download), the verified
tree with its CAS writes and version high-water marks (tree), move and copy between
folders (move, copier), listing changes (merge), writes authorised by a parent folder's
key (parent_auth), and the errors of file operations (errors).
"""
