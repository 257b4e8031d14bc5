"""The portal's routes, one module per area; each page has its JSON twin beside it."""

__all__ = ["admin", "auth", "board", "review", "tasks"]
