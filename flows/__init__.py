"""Prefect flows and the `dateline` command: the only code that touches disks and the warehouse."""
