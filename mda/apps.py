from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MdaConfig(AppConfig):
    name = "mda"
    verbose_name = _("Marketing Development Assistance")

    def ready(self) -> None:
        from mda import extensions, workflow  # noqa: F401 - workflow registers its statuses and moves

        extensions.register()
