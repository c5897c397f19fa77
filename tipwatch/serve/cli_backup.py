"""Commands of a later stage (placeholder until its issue lands)."""
