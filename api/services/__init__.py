"""Writes: one module per domain. Keyword-only arguments, `transaction.atomic`, never `request`."""
