from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "clearpost.training"
    label = "training"
