from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "clearpost.connectors"
    label = "connectors"
