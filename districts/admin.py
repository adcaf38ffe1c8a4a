from django.contrib import admin

from districts.models import District, Division, Product, ProductCategory


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_hi", "slug")
    search_fields = ("name_en", "name_hi", "aliases")


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_hi", "slug")
    search_fields = ("name_en", "name_hi")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_hi", "category")
    list_filter = ("category",)
    search_fields = ("name_en", "name_hi")
    list_select_related = ("category",)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_hi", "division")
    list_filter = ("division", "products__category")
    search_fields = ("name_en", "name_hi", "aliases")
    list_select_related = ("division",)
    filter_horizontal = ("products",)
