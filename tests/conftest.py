"""Registers the shared fixtures once, so test modules use them by name without importing them.

- `tests.apps`: `isolated_store` (the app against an empty SQLite store of the test's own).
- `tests.browser`: `app_server` (the real app served on a free loopback port), `browser`
  (Debian's Chromium through Playwright, one per test process), `page` (a fresh offline tab).
- `tests.exports`: `static_exports` (one kaleido export browser per module, for PNG, SVG and PDF).
- `tests.pg`: `pg_url` (a throwaway PostgreSQL server), `pg_database_url` (an empty database on it).
"""

pytest_plugins = ["tests.apps", "tests.browser", "tests.exports", "tests.pg"]
