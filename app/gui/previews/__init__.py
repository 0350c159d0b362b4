"""Previews in the desktop app: the Qt renderer, the preview pane and list thumbnails."""
