from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "clearpost.review"
    label = "review"
