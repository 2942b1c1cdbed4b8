# SCAFFOLD: replaced by the requests helper.
from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


accept = decline = close = send = confirm = _missing
