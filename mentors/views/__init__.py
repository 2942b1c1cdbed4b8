"""Views of the mentors app, one module per concern: registry, requests, matching, certificates, dashboard."""
