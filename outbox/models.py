"""The transactional outbox: each piece of deferred work is a row written in the same transaction
as the change that causes it, so a worker or broker that dies after the commit loses nothing."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent to a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        PARKED = "parked", _("Parked after repeated failures")
        EXPIRED = "expired", _("Expired before it could run")

    OPEN_STATES = (State.PENDING, State.SENT, State.RUNNING)

    # Who causes the same work twice (a sweep and the service, two sweeps) writes one row.
    key = models.CharField(max_length=200, unique=True)
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    # A secret the task needs (a sign-in code), sealed with a key derived from SECRET_KEY and
    # erased once the work is done or has expired. Never shown in the admin.
    sealed_secret = models.BinaryField(null=True, blank=True, editable=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # When the relay looks at the row next: at once for new work, after a back-off for failed
    # work, after a timeout for work sent or started but never finished (its message was lost).
    available_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text=_("times a worker started it"))
    sends = models.PositiveIntegerField(default=0, help_text=_("times it was sent to the broker"))
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["available_at", "id"],
                name="outbox_due",
                condition=Q(state__in=["pending", "sent", "running"]),
            ),
            models.Index(fields=["state", "created_at"], name="outbox_state_age"),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)} ({self.state})"
