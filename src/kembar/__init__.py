"""Kembar: the open platform for international city-to-city cooperation."""

__version__ = "0.1.0"
