"""Events of the course app that other apps listen to."""

from django.db import transaction
from django.dispatch import Signal

# Sent when something that counts towards progress or competencies changes for a learner:
# a lesson done, a case accepted, an attempt graded. Arguments: ``user``, ``page`` (the page concerned).
# Send it with ``announce_evidence``, never directly.
evidence_changed = Signal()

# Sent by the course app after each ``evidence_changed``, once the completion stamp is refreshed: ``user``,
# ``course`` (the taught course) and ``progress`` (the learner's ``CourseProgress``, just computed). Listeners that
# judge the learner's progress (certification) read it here instead of computing it again.
progress_refreshed = Signal()


def announce_evidence(sender, user, page) -> None:
    """Send ``evidence_changed`` once the current transaction commits (at once outside one): receivers read the rows
    just written, and a write that rolls back announces nothing."""
    transaction.on_commit(lambda: evidence_changed.send(sender=sender, user=user, page=page))
