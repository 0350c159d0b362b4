"""The desktop application (PySide6): a thin shell over app.services (DESIGN §1)."""
