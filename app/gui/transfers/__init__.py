"""Uploads and downloads as the window shows them: the manager that runs them in
workers (manager) and the panel that lists them (panel).
"""
