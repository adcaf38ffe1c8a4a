from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from committees.models import Committee, CommitteeMembership, Meeting
from tests.factories import StaffFactory


def seat_committee(
    kind: str = "tsc", district: str = "agra", secretary=None, members: int = 2, quorum: int = 3
):
    """The district's committee with a member-secretary and `members` further members."""
    committee = Committee.objects.get(kind=kind, district__slug=district)
    committee.quorum = quorum
    committee.save(update_fields=["quorum"])
    secretary = secretary or StaffFactory(username=f"dic.{district}.{kind}", district=committee.district)
    CommitteeMembership.objects.get_or_create(
        committee=committee, user=secretary, defaults={"role": "secretary"}
    )
    others = []
    for i in range(members):
        username = f"member{i}.{district}.{kind}"
        # Seated once however many files the test takes through the committee.
        member = User.objects.filter(username=username).first() or StaffFactory(
            role="committee_member", username=username, district=committee.district
        )
        CommitteeMembership.objects.get_or_create(
            committee=committee, user=member, defaults={"role": "member"}
        )
        others.append(member)
    return committee, secretary, others


def close_agenda(meeting: Meeting) -> Meeting:
    """Make the meeting one held an hour ago (so its decisions can be recorded) and run the
    periodic lock, which closes its agenda."""
    from committees.services.meetings import lock_due_agendas

    Meeting.objects.filter(pk=meeting.pk).update(scheduled_for=timezone.now() - timedelta(hours=1))
    lock_due_agendas()
    meeting.refresh_from_db()
    return meeting
