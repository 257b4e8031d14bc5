"""Prefect flows: thin wrappers that call one library step each and publish artifacts.

Each flow reads the store, does one step, writes back and ends. Deployments and their
schedules are in ``deployments.py``; ``python -m flows.serve`` serves them all.
"""
