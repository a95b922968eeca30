from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "clearpost.archive"
    label = "archive"
