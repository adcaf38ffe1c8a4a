from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from accounts.roles import sync_role_groups

        # Permissions exist only after migrate has created them; keep the role group in step.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")

        from django.contrib.auth.signals import user_logged_in

        from odop_portal.middleware import note_activity_at_sign_in

        user_logged_in.connect(note_activity_at_sign_in, dispatch_uid="odop.note_activity_at_sign_in")
