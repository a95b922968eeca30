from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "clearpost.library"
    label = "library"
    verbose_name = "Content library"
