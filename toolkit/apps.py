from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitConfig(AppConfig):
    name = "toolkit"
    verbose_name = _("Training and Toolkit")

    def ready(self) -> None:
        from toolkit import extensions, workflow  # noqa: F401 - workflow registers its statuses and moves

        extensions.register()
