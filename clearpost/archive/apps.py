from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "clearpost.archive"
    label = "archive"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from clearpost.archive import refusals

        # Every connection, so a refused change is logged whichever app or shell sent it (see refusals.py).
        connection_created.connect(refusals.install, dispatch_uid="archive_refusals_install")
        request_finished.connect(refusals.flush_all, dispatch_uid="archive_refusals_flush")
