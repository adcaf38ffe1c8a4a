from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CfcConfig(AppConfig):
    name = "cfc"
    verbose_name = _("Common Facility Centre")

    def ready(self) -> None:
        from cfc import extensions, workflow  # noqa: F401 - workflow registers its statuses and moves

        extensions.register()
