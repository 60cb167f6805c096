"""Widgets shared by scenes."""
