from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "clearpost.supervision"
    label = "supervision"
