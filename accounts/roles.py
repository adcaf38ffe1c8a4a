"""Django permission groups behind the portal's roles.

Only administrators (superusers) manage users, roles, groups, permissions, one-time codes and
API tokens. State staff edit the data the ODOP cell owns (notified fairs, targets,
toolkit kits, committees and their members) and may look at, not edit, the reference data those
forms point to. They get exactly these permissions through the "State staff" group, set again
after each `migrate` (so a permission removed here is taken away from existing accounts).
Applications are never edited in the admin: their workflow goes through services.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

STATE_STAFF_GROUP = "State staff"

# (app label, model) pairs state staff manage in the admin: every permission the ModelAdmin allows.
STATE_STAFF_MODELS = [
    ("schemes", "target"),
    ("schemes", "notifiedfair"),
    ("committees", "committee"),
    ("committees", "committeemembership"),
    ("committees", "meeting"),
    ("toolkit", "toolkitkit"),
    # Deferred work: state staff see what waits or is parked and send parked work again.
    ("outbox", "outboxmessage"),
]
# Reference data state staff only look at (the admin's autocompletes need the view permission).
STATE_STAFF_VIEW_ONLY_MODELS = [
    ("districts", "division"),
    ("districts", "productcategory"),
    ("districts", "product"),
    ("districts", "district"),
    ("schemes", "scheme"),
    ("schemes", "requireddocument"),
    # Rule sets are drafted and published on the rule-change pages (two people); the admin
    # only shows them.
    ("schemes", "ruleset"),
]


def state_staff_permissions():
    wanted = Q(pk__in=[])
    for app_label, model in STATE_STAFF_MODELS:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model)
    for app_label, model in STATE_STAFF_VIEW_ONLY_MODELS:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model, codename=f"view_{model}")
    return Permission.objects.filter(wanted)


def sync_role_groups(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=STATE_STAFF_GROUP)
    group.permissions.set(state_staff_permissions())
    return group
