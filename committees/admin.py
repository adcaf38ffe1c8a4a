"""Committees and their members in the admin. Applications are not in the admin: every move of
an application goes through its services (and the workflow engine), never through the admin.
Meetings are shown read-only; agendas and decisions are made on the committee pages."""

from django.contrib import admin

from accounts.models import STAFF_ROLES, User
from committees.models import Committee, CommitteeMembership, Meeting


class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    fields = ("user", "role", "designation")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Members are chosen from the staff accounts in a plain list: state staff seat members
        # without any access to the user admin (which would show every artisan's account).
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by(
                "username"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("name_en", "kind", "district", "quorum", "meeting_interval_months", "meeting_day")
    list_filter = ("kind", "schemes", "district__division")
    search_fields = ("name_en", "name_hi", "district__name_en", "district__name_hi")
    list_select_related = ("district",)
    autocomplete_fields = ("district",)
    filter_horizontal = ("schemes",)
    inlines = [CommitteeMembershipInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("committee", "scheduled_for", "state", "venue", "decisions_recorded_at")
    list_filter = ("state", "committee__kind", "committee__district__division")
    search_fields = ("committee__name_en", "committee__district__name_en", "venue")
    list_select_related = ("committee", "committee__district")
    date_hierarchy = "scheduled_for"
    readonly_fields = [field.name for field in Meeting._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
