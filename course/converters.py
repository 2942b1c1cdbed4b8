"""URL converters: ``<id:pk>`` is an ``int`` that fits a 64-bit database column.

SQLite cannot even bind an integer of 2**63 or more (``OverflowError``, a 500); with at most 18 digits such a URL is
simply not found (404) on every database.
"""

from django.urls import register_converter
from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


register_converter(IdConverter, "id")
