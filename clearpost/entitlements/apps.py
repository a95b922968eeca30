from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "clearpost.entitlements"
    label = "entitlements"
