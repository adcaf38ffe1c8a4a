"""The ODOP cell's toolkits in the admin."""

from django.contrib import admin

from toolkit.models import ToolkitKit


@admin.register(ToolkitKit)
class ToolkitKitAdmin(admin.ModelAdmin):
    """The ODOP cell's product-wise toolkits (GO-TT-2020 para 5(2)); `clean()` refuses a value
    above the cap of the RuleSet in force."""

    list_display = ("product", "district", "value", "is_active")
    list_filter = ("is_active",)
    search_fields = ("product__name_en", "product__name_hi", "district__name_en")
    list_select_related = ("product", "district")
    autocomplete_fields = ("product", "district")
