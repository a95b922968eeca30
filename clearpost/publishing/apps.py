from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "clearpost.publishing"
    label = "publishing"
