"""Wagtail hooks of the mentors app."""

from wagtail import hooks

from mentors import demo
from mentors.dashboard import certification_panels

hooks.register("construct_learner_dashboard", certification_panels)
hooks.register("load_demo_content", demo.load_demo_mentors)
