from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "clearpost.sandbox"
    label = "sandbox"
