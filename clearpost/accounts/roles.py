"""Each role is a permission set. The mapping lives here, in one table, and is synced into groups after
every migrate so a fresh database and an upgraded one end up identical."""

from __future__ import annotations

from clearpost.accounts.choices import Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADVISOR: ["posts.compose_post"],
    Role.PRINCIPAL: ["review.review_post"],
    Role.SUPERVISOR: ["accounts.supervise_branch"],
    Role.COMPLIANCE_ADMIN: [
        "policy.manage_rules",
        "archive.search_archive",
        "archive.export_archive",
        "review.override_verdict",
        "accounts.supervise_branch",
        "supervision.manage_complaints",
        "library.manage_library",
        "markets.manage_markets",
        "review.manage_routing",
        "archive.manage_retention",
        "archive.view_access_log",
        "connectors.approve_accounts",
    ],
    Role.AUDITOR: ["archive.search_archive", "archive.export_archive"],
    Role.ADMIN: ["accounts.manage_users"],
}


def sync_role_groups(**_: object) -> None:
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
