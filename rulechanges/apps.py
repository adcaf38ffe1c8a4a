from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RuleChangesConfig(AppConfig):
    name = "rulechanges"
    verbose_name = _("Rule changes")
