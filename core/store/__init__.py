"""The store: SQL tables, the case rows, the audit chain, backups (used through core.services)."""
