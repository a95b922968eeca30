from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clearpost.api"
    label = "api"
