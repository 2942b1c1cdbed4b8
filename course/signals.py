"""Events of the course app that other apps listen to."""

from django.dispatch import Signal

# Sent when something that counts towards progress or competencies changes for a learner:
# a lesson done, a case accepted, an attempt graded. Arguments: ``user``, ``page`` (the page concerned).
evidence_changed = Signal()
