from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "clearpost.web"
    label = "web"
