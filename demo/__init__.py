"""The institute's demo: the intensive's content files and the loaders behind ``manage.py load_demo``.

Part of the demo site, not of the plugin: it depends on ``course``, ``assessments`` and ``mentors``, and none of
them imports it. Installed by the development, test and benchmark settings, never by production.
"""
