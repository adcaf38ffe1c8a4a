from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarginMoneyConfig(AppConfig):
    name = "margin_money"
    verbose_name = _("Margin Money")

    def ready(self) -> None:
        from margin_money import extensions, workflow  # noqa: F401 - workflow registers its statuses and moves

        extensions.register()
