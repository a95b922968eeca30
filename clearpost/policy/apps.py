from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "clearpost.policy"
    label = "policy"
