"""The public registry: filters, full-text search, matching, the API and the registry page's views."""
