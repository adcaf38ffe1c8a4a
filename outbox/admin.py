from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.models import OutboxMessage
from outbox.services import retry_parked


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Deferred work, read-only: staff see what is waiting or parked (with its error) and send
    parked work again. The sealed secret of a sign-in code is never shown."""

    list_display = ("id", "task", "args", "state", "attempts", "sends", "created_at", "available_at")
    list_filter = ("state", "task")
    search_fields = ("key",)
    ordering = ("-id",)
    fields = (
        "key",
        "task",
        "args",
        "state",
        "attempts",
        "sends",
        "last_error",
        "created_at",
        "available_at",
        "expires_at",
        "sent_at",
        "started_at",
        "done_at",
    )
    readonly_fields = fields
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected parked work again"), permissions=["change"])
    def retry(self, request, queryset):
        count = retry_parked(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(n)d parked task will be sent again.", "%(n)d parked tasks will be sent again.", count)
            % {"n": count},
            messages.SUCCESS,
        )
