from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "clearpost.posts"
    label = "posts"
