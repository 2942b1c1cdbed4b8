"""Credentials: the PDF, the Open Badges 3.0 credential and its signing keys, the status list, public addresses."""
