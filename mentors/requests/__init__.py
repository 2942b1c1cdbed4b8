"""Mentoring requests: sent by schools, confirmed by e-mail, accepted or declined by mentors."""
