"""Previews and thumbnails of images (and what a renderer can read), made on this device
and cached encrypted in the profile (PREVIEW-CACHE.md)."""
