from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models and no start-up code: the app only brings the ``load_demo`` command and its content files."""

    name = "demo"
