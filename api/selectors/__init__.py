"""Reads, always scoped by the actor: a foreign object is a 404."""
