"""The Qt-free adapter the window talks to: the `Backend` protocol and its value types
(interface), the implementation over app.services (services, files, people), the
window's saved settings (settings_store) and the embedded local server (local_server).
"""
