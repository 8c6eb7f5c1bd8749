"""Helpers for the evidence tests: keys made once per run, bundles made per test, and a
raw ZIP writer for crafting hostile archives. Keys are generated at test time (nothing
secret is stored in the repository)."""
