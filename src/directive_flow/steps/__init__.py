"""Steps on the store: register, submit, review, extend, status.

Every function takes the session explicitly and keyword-only arguments; every write
records its actor in ``audit_events`` inside the caller's transaction.
"""
