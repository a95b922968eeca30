from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "clearpost.core"
    label = "core"
