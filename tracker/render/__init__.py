"""Renderers: Rich for terminals, JSON for scripts. They never read the database."""
