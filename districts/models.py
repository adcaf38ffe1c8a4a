from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """English and Hindi names; `name` gives the one for the active language."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200)

    class Meta:
        abstract = True
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return self.name_hi if (get_language() or "").startswith("hi") else self.name_en


class Division(BilingualName):
    """A revenue division (mandal) of Uttar Pradesh."""

    aliases = models.CharField(_("other names"), max_length=300, blank=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("division")
        verbose_name_plural = _("divisions")


class ProductCategory(BilingualName):
    class Meta(BilingualName.Meta):
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")


class Product(BilingualName):
    """An ODOP product. One product may be the selected product of several districts."""

    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")


class District(BilingualName):
    code = models.CharField(
        _("short code"),
        max_length=4,
        unique=True,
        help_text=_("Used in application reference numbers, e.g. AGR."),
    )
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="districts"
    )
    products = models.ManyToManyField(
        Product, verbose_name=_("ODOP products"), related_name="districts", blank=True
    )
    aliases = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Former or other spellings, separated by ';'."),
    )
    # Approximate headquarters coordinates (about 1 km); see the reference data's source.
    hq_lat = models.DecimalField(_("HQ latitude"), max_digits=7, decimal_places=4, null=True, blank=True)
    hq_lon = models.DecimalField(_("HQ longitude"), max_digits=7, decimal_places=4, null=True, blank=True)
    source = models.TextField(_("source of the product list"), blank=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class BankBranch(models.Model):
    """A branch of a bank that finances Margin Money loans, by its IFSC."""

    ifsc = models.CharField(_("IFSC"), max_length=11, unique=True)
    bank_name = models.CharField(_("bank"), max_length=120)
    branch_name = models.CharField(_("branch"), max_length=120)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="bank_branches")

    class Meta:
        ordering = ["bank_name", "branch_name"]
        verbose_name = _("bank branch")
        verbose_name_plural = _("bank branches")

    def __str__(self) -> str:
        return f"{self.bank_name}, {self.branch_name} ({self.ifsc})"
