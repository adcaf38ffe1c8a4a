"""Django permission groups behind the portal's roles.

State staff manage reference data, rule sets and users in the admin; they get every permission of
these models through the "State staff" group, kept in step after each `migrate`. Applications are
never edited in the admin: their workflow goes through services.
"""

from django.contrib.auth.models import Group, Permission

STATE_STAFF_GROUP = "State staff"

# (app label, model) pairs state staff manage in the admin.
STATE_STAFF_MODELS = [
    ("districts", "division"),
    ("districts", "productcategory"),
    ("districts", "product"),
    ("districts", "district"),
    ("schemes", "scheme"),
    ("schemes", "ruleset"),
    ("schemes", "requireddocument"),
    ("schemes", "target"),
    ("schemes", "notifiedfair"),
    ("applications", "committee"),
    ("applications", "committeemembership"),
    ("applications", "meeting"),
    ("applications", "toolkitkit"),
    ("accounts", "user"),
    ("authtoken", "token"),
    ("authtoken", "tokenproxy"),
    # Deferred work: state staff see what waits or is parked and send parked work again.
    ("outbox", "outboxmessage"),
]


def sync_role_groups(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=STATE_STAFF_GROUP)
    wanted = Permission.objects.none()
    for app_label, model in STATE_STAFF_MODELS:
        wanted = wanted | Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
    group.permissions.set(wanted)
    return group
