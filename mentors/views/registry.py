# SCAFFOLD: replaced by the registry helper.
from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


search = profile = _missing
