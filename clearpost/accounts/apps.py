from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "clearpost.accounts"
    label = "accounts"

    def ready(self) -> None:
        from clearpost.accounts.roles import sync_role_groups

        # Permissions are created in post_migrate too; sync once all apps have theirs.
        post_migrate.connect(sync_role_groups, dispatch_uid="clearpost.accounts.sync_role_groups")
