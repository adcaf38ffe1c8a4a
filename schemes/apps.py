from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SchemesConfig(AppConfig):
    name = "schemes"
    verbose_name = _("Sub-schemes and rules")

    def ready(self):
        # The cached public pages show these rows: any change, from a service, the admin or the
        # reference data loader, moves their version (odop_portal/public_pages.py). Targets
        # decide whether a district takes applications, shown on its page.
        from odop_portal.public_pages import bump_public_version
        from schemes.models import NotifiedFair, RequiredDocument, RuleSet, Scheme, Target

        for model in (Scheme, RuleSet, RequiredDocument, NotifiedFair, Target):
            post_save.connect(
                bump_public_version, sender=model, dispatch_uid=f"public-pages-{model.__name__}"
            )
            post_delete.connect(
                bump_public_version, sender=model, dispatch_uid=f"public-pages-{model.__name__}-d"
            )
