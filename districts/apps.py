from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("Districts and products")

    def ready(self):
        # The cached public pages show these rows: any change, from a service, the admin or the
        # reference data loader, moves their version (odop_portal/public_pages.py).
        from districts.models import District, Division, Product, ProductCategory
        from odop_portal.public_pages import bump_public_version

        for model in (District, Division, Product, ProductCategory):
            post_save.connect(
                bump_public_version, sender=model, dispatch_uid=f"public-pages-{model.__name__}"
            )
            post_delete.connect(
                bump_public_version, sender=model, dispatch_uid=f"public-pages-{model.__name__}-d"
            )
        m2m_changed.connect(
            bump_public_version, sender=District.products.through, dispatch_uid="public-pages-dp"
        )
