"""Certification: the rules, the issue and revocation of certificates, and their numbers."""
