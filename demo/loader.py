"""``manage.py load_demo``: the course first, then the assessments and learners, then the mentors.

Idempotent: what exists is left as it is (editors' changes survive), what is missing is created. With
``refresh=True`` existing pages and snippets are updated from the files in ``demo/content/``.
"""

import os

from demo.assessments import load_demo_assessments
from demo.course import DemoReport, load_course
from demo.mentors import load_demo_mentors


def load(*, refresh: bool = False, password: str | None = None) -> DemoReport:
    report = DemoReport()
    course = load_course(refresh=refresh, password=password or os.environ.get("DEMO_PASSWORD"), report=report)
    # The assessments certify the demo learners that the mentors' part then publishes in the registry.
    load_demo_assessments(course=course, refresh=refresh, report=report)
    load_demo_mentors(course=course, refresh=refresh, report=report)
    return report
