"""Fetch-and-authorise in one place. Every view and API endpoint gets applications and
documents only through these functions; a row that is missing and a row the user may not see
give the same 404, so nobody can probe for other people's files."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.exceptions import NotPermitted
from accounts.models import Role, User
from applications.models import Applicant, Application, Document


def _submitted_or_own_help_desk(user) -> Q:
    """A draft is the artisan's until submitted, unless the district's own help desk is filing
    it (the application's district check is the caller's)."""
    return Q(submitted_at__isnull=False) | Q(filed_by__isnull=False, filed_by__district_id=user.district_id)


def _on_own_committees_agendas(user) -> Q:
    """Files placed on an agenda of a committee `user` sits on (any meeting, any outcome)."""
    return Q(
        pk__in=Application.objects.filter(agenda_items__meeting__committee__memberships__user=user).values(
            "pk"
        )
    )


def visible_applications(user) -> QuerySet[Application]:
    """The applications `user` may read, as a filter (no rows fetched)."""
    queryset = Application.objects.all()
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.role == Role.ARTISAN:
        return queryset.filter(applicant__user=user)
    # Staff never see what an artisan has not submitted (a draft, or a draft withdrawn), except
    # the drafts their own help desk is filling.
    submitted = Q(submitted_at__isnull=False)
    if user.role == Role.DISTRICT_OFFICER:
        return queryset.filter(_submitted_or_own_help_desk(user), district_id=user.district_id)
    if user.role == Role.COMMITTEE_MEMBER:
        # Only what reached their own committee: not a file rejected at scrutiny, nor another
        # committee's of the same district.
        return queryset.filter(submitted, _on_own_committees_agendas(user))
    if user.role in (Role.STATE_STAFF, Role.ADMIN):
        return queryset.filter(submitted)
    return queryset.none()


def visible_submitted(user) -> QuerySet[Application]:
    """The submitted applications `user` may read: `visible_applications` less every draft.
    For a district officer it is written without the help-desk drafts' rule, which joins the
    filer's account: that join made planning the office queue's page cost more than running it."""
    if user.is_authenticated and user.is_active and user.role == Role.DISTRICT_OFFICER:
        return Application.objects.filter(submitted_at__isnull=False, district_id=user.district_id)
    return visible_applications(user).filter(submitted_at__isnull=False)


def _get(queryset: QuerySet[Application], pk, lock: bool) -> Application:
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    # Its sub-scheme and district are read by nearly every caller: joined, not fetched after.
    application = queryset.select_related("scheme", "district").filter(pk=pk).first()
    if application is None:
        raise Http404("no such application")
    return application


def access_application_for_owner(*, user, pk, lock: bool = False) -> Application:
    """The signed-in artisan's own application. Lock only inside a transaction."""
    if not (user.is_authenticated and user.role == Role.ARTISAN):
        raise Http404("no such application")
    return _get(Application.objects.filter(applicant__user=user), pk, lock)


def access_application_for_review(*, user, pk, lock: bool = False) -> Application:
    """A submitted application of the officer's own district (or a draft its help desk is
    filing), for scrutiny and actions."""
    if not (
        user.is_authenticated and user.is_active and user.role == Role.DISTRICT_OFFICER and user.district_id
    ):
        raise Http404("no such application")
    return _get(
        Application.objects.filter(_submitted_or_own_help_desk(user), district_id=user.district_id), pk, lock
    )


def access_application_for_viewing(*, user, pk) -> Application:
    """Read access: the owner, the district's officers, the members of a committee whose agenda
    the file is on, and state staff."""
    return _get(visible_applications(user), pk, lock=False)


def access_document(*, user, pk) -> Document:
    document = (
        Document.objects.select_related("application")
        .filter(pk=pk, application__in=visible_applications(user))
        .first()
    )
    if document is None:
        raise Http404("no such document")
    return document


def officer_can_act(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.DISTRICT_OFFICER and user.district_id)


def colleagues_of(user):
    return User.objects.filter(
        role=Role.DISTRICT_OFFICER, district_id=user.district_id, is_active=True
    ).order_by("username")


def access_application_for_helpdesk(*, user, pk, lock: bool = False) -> Application:
    """An application filed at this officer's help desk (any officer of the same office may
    carry on with it), for filling it on the artisan's behalf."""
    if not officer_can_act(user):
        raise Http404("no such application")
    return _get(
        Application.objects.filter(district_id=user.district_id, filed_by__district_id=user.district_id),
        pk,
        lock,
    )


def access_artisan_for_helpdesk(*, user, mobile: str) -> Applicant | None:
    """The profile of the artisan with `mobile`, for the officer's help desk, or None when the
    number has no profile yet (nothing is created here).

    Checked before anything of the artisan's is read or written: a number of another district's
    artisan, or of a staff account, is refused (NotPermitted naming the mobile field)."""
    if not (officer_can_act(user) and user.is_active):
        raise Http404("no help desk")
    account = User.objects.filter(mobile=mobile).first()
    if account is None:
        return None
    if account.role != Role.ARTISAN:
        raise NotPermitted(_("This number belongs to a staff account."), field="mobile")
    applicant = Applicant.objects.filter(user=account).first()
    if applicant is not None and applicant.district_id != user.district_id:
        raise NotPermitted(_("This artisan belongs to another district's office."), field="mobile")
    return applicant


def access_application_for_filling(*, user, pk, lock: bool = False) -> Application:
    """The artisan's own application, or one filed at the officer's help desk."""
    if user.is_authenticated and user.role == Role.DISTRICT_OFFICER:
        return access_application_for_helpdesk(user=user, pk=pk, lock=lock)
    return access_application_for_owner(user=user, pk=pk, lock=lock)
