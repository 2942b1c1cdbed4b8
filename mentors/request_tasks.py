"""The request e-mails' former address: django-tasks stores a task's dotted path with each queued task, so tasks
queued before the move to ``mentors.requests.tasks`` must still resolve here. Remove once no queue holds them."""

from mentors.requests.tasks import exchange_contacts, notify_declined, notify_mentor, send_confirmation_link

__all__ = ["exchange_contacts", "notify_declined", "notify_mentor", "send_confirmation_link"]
