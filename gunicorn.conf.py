"""gunicorn's settings for the site: gunicorn reads ./gunicorn.conf.py from the folder it starts in (`gunicorn
lms_site.wsgi`); options given on the command line take precedence."""

import gc


def post_worker_init(worker):
    """Once the worker has imported the site, set what it imported aside from the cyclic garbage collector (issue 11).

    The import leaves about a million objects that live as long as the worker. Python runs a full collection only
    when the objects that survived since the last one reach a quarter of those, so the reference cycles that every
    request leaves (the request, its pages and their states) piled up for thousands of requests before being freed:
    the worker grew by tens of MB and kept the memory. Frozen, the import's objects are never scanned again and full
    collections come after a few requests' worth of survivors.
    """
    gc.collect()
    gc.freeze()
