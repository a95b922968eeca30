from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "clearpost.markets"
    label = "markets"
    verbose_name = "Market data and event rules"
