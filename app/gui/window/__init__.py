"""The main window and what it is made of: the files page (breadcrumb, view, model,
actions), menus, the lock screen, the tray and notices.
"""
