import json

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from schemes.models import NotifiedFair, RequiredDocument, RuleSet, RuleSetEvent, Scheme, Target


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ("position", "code", "name_en", "name_hi", "required_when", "clause")


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_hi", "is_accepting_applications")
    readonly_fields = ("code",)
    inlines = [RequiredDocumentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PrettyJSONWidget(forms.Textarea):
    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = ["scheme", "go_reference", "go_date", "effective_from", "parameters", "notes"]
        widgets = {
            "parameters": PrettyJSONWidget(attrs={"rows": 30, "cols": 90, "style": "font-family: monospace"})
        }


class RuleSetEventInline(admin.TabularInline):
    model = RuleSetEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """Rule sets are read here, never written: a GO change is drafted, simulated and published
    by two people on the rule-change pages (/rule-changes/), and a published one never changes."""

    form = RuleSetForm
    list_display = (
        "scheme",
        "state",
        "effective_from",
        "go_date",
        "go_reference",
        "created_by",
        "published_by",
    )
    list_filter = ("scheme", "state")
    search_fields = ("go_reference", "notes")
    list_select_related = ("scheme", "created_by", "published_by")
    inlines = [RuleSetEventInline]
    readonly_fields = [
        *RuleSetForm.Meta.fields,
        "state",
        "go_document",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing is allowed (the change page is read-only); saving a change is not.
        return (
            super().has_change_permission(request, obj) if obj is None else request.method in ("GET", "HEAD")
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = ("scheme", "position", "name_en", "required_when", "clause")
    list_filter = ("scheme", "required_when")
    search_fields = ("name_en", "name_hi", "code")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Targets per district, sub-scheme and financial year. Raising a met physical target here
    reopens the district to new applications; moving part of a target between two districts
    (both rows in one step) is done on the dashboard's targets page."""

    list_display = (
        "financial_year",
        "scheme",
        "district",
        "physical",
        "financial",
        "updated_at",
        "updated_by",
    )
    list_filter = ("financial_year", "scheme", "district__division")
    search_fields = ("district__name_en", "district__name_hi", "financial_year")
    list_select_related = ("scheme", "district", "updated_by")
    autocomplete_fields = ("district",)
    readonly_fields = ("updated_at", "updated_by")
    ordering = ("-financial_year", "scheme__position", "district__name_en")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NotifiedFair)
class NotifiedFairAdmin(admin.ModelAdmin):
    """The ODOP cell's list of notified fairs. A fair is taken off the list by unticking "open
    for claims" (or the action below), never deleted: claims keep the fair they named."""

    list_display = (
        "name_en",
        "place",
        "category",
        "start_date",
        "end_date",
        "trade_type",
        "notification_reference",
        "is_active",
    )
    list_filter = ("is_active", "category", "trade_type")
    search_fields = ("name_en", "name_hi", "place", "notification_reference")
    date_hierarchy = "end_date"
    readonly_fields = ("created_at", "updated_at")
    actions = ["take_off_the_list", "put_back_on_the_list"]
    fieldsets = (
        (None, {"fields": ("name_en", "name_hi", "place", "category", "trade_type")}),
        (_("Dates"), {"fields": ("start_date", "end_date")}),
        (_("Notification"), {"fields": ("notification_reference", "is_active", "created_at", "updated_at")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Take the chosen fairs off the list"), permissions=["change"])
    def take_off_the_list(self, request, queryset):
        self._set_active(request, queryset, is_active=False)

    @admin.action(description=_("Put the chosen fairs back on the list"), permissions=["change"])
    def put_back_on_the_list(self, request, queryset):
        self._set_active(request, queryset, is_active=True)

    def _set_active(self, request, queryset, *, is_active: bool) -> None:
        changed = 0
        # save() per row keeps updated_at and the admin's change history right; the list is short.
        for fair in queryset.exclude(is_active=is_active):
            fair.is_active = is_active
            fair.save(update_fields=["is_active", "updated_at"])
            self.log_change(request, fair, [{"changed": {"fields": ["is_active"]}}])
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d fair changed.", "%(count)d fairs changed.", changed) % {"count": changed},
            messages.SUCCESS,
        )
