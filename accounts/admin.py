from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminStaffAuthenticationForm
from accounts.models import OneTimeCode, User

# The admin login goes through the staff sign-in's service, so one lockout covers both.
admin.site.login_form = AdminStaffAuthenticationForm


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "role", "district", "first_name", "last_name", "is_active", "locked_until")
    list_filter = ("role", "district__division", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "mobile")
    list_select_related = ("district",)
    autocomplete_fields = ("district",)
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Portal role"), {"fields": ("role", "district", "mobile", "preferred_language", "locked_until")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("Portal role"), {"fields": ("role", "district", "mobile")}),
    )


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(admin.ModelAdmin):
    """Read-only: staff may see that codes were sent, never the codes."""

    list_display = (
        "id",
        "masked_mobile",
        "purpose",
        "created_at",
        "expires_at",
        "attempts",
        "used_at",
        "sent_at",
    )
    exclude = ("code_hash", "mobile")
    readonly_fields = (
        "purpose",
        "requested_ip",
        "created_at",
        "expires_at",
        "attempts",
        "used_at",
        "superseded_at",
        "sent_at",
        "provider_reference",
    )

    @admin.display(description=_("mobile"))
    def masked_mobile(self, obj: OneTimeCode) -> str:
        return f"******{obj.mobile[-4:]}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
