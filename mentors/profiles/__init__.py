"""Mentor profiles: made at certification, published by consent, photos, moderation, the mentor's dashboard."""
