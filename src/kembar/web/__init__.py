"""The web application: JSON API under /api/v1 and server-rendered pages."""
