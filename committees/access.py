"""Who may open a committee, a meeting or a letter: members of the committee, and for a letter
those who may read its file. Anything else is 404."""

from django.http import Http404

from applications.access import visible_applications
from committees.models import Committee, Letter, Meeting


def access_meeting(*, user, pk):
    """A meeting of a committee the user belongs to (any role); others get 404."""

    if not (user.is_authenticated and user.is_active):
        raise Http404("no such meeting")
    meeting = (
        Meeting.objects.select_related("committee", "committee__district")
        .filter(pk=pk, committee__memberships__user=user)
        .first()
    )
    if meeting is None:
        raise Http404("no such meeting")
    return meeting


def access_committee(*, user, pk):

    if not (user.is_authenticated and user.is_active):
        raise Http404("no such committee")
    committee = Committee.objects.select_related("district").filter(pk=pk, memberships__user=user).first()
    if committee is None:
        raise Http404("no such committee")
    return committee


def access_letter(*, user, application_pk, pk):
    """A letter of the artisan's own application (or any letter the user may read the file of)."""

    letter = Letter.objects.filter(
        pk=pk, application_id=application_pk, application__in=visible_applications(user)
    ).first()
    if letter is None:
        raise Http404("no such letter")
    return letter
