"""The inbox page (received shares) and the watcher that polls for new ones."""
