"""Exports and printed reports of selections of partnerships."""
