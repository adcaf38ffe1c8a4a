"""The applications API: the user's list, one file, and the workflow's moves.

Each move fetches the application through the access check of the role that may make it, then
calls one service with that same check (the service runs it again under a row lock). A row the
user cannot see at all is 404; a row they can see but may not act on is 403. Refusals come from
the services as `PortalError` and change nothing."""

from collections.abc import Callable
from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from applications import selectors
from applications.access import (
    access_application_for_owner,
    access_application_for_review,
    access_application_for_viewing,
)
from applications.api.filters import ApplicationFilter
from applications.api.selectors import STAFF_ORDERING, application_list_for_user, list_ordering
from applications.api.serializers import (
    ApplicationDetailSerializer,
    ApplicationListSerializer,
    AssignRequestSerializer,
    ErrorSerializer,
    RecommendRequestSerializer,
    RejectRequestSerializer,
    ReturnRequestSerializer,
)
from applications.models import Application
from applications.services.review import (
    assign_application,
    recommend_application,
    reject_application,
    return_application,
    take_up_application,
)
from applications.services.submission import (
    resubmit_application,
    submit_application,
    withdraw_application,
)
from odop_portal.openapi import FIELD_ERRORS_SCHEMA


class ApplicationCursor(CursorPagination):
    """Keyset pages, stable while files move between states."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = STAFF_ORDERING

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        return list_ordering(user=request.user)

    def paginate_queryset(self, queryset, request, view=None):
        # DRF checks a cursor's encoding, not its position: a forged position that is no date
        # fails in the lookup, and must be the same 404 as any other bad cursor.
        try:
            return super().paginate_queryset(queryset, request, view)
        except DjangoValidationError:
            raise NotFound(self.invalid_cursor_message) from None


_ERRORS = {
    400: OpenApiResponse(
        FIELD_ERRORS_SCHEMA,
        description="Bad input or a refused move: `{field: [message]}` naming the field, or "
        "`{detail, code}` for the whole request.",
    ),
    401: OpenApiResponse(ErrorSerializer, description="Not signed in."),
    403: OpenApiResponse(ErrorSerializer, description="The file is visible to you but not yours to act on."),
    404: OpenApiResponse(ErrorSerializer, description="No such application, or not visible to you."),
    409: OpenApiResponse(
        ErrorSerializer, description="The move is not allowed in the file's present status."
    ),
}


def _responses(*codes: int) -> dict:
    return {
        200: ApplicationDetailSerializer,
        **{code: _ERRORS[code] for code in (401, 403, 404, *codes)},
    }


@extend_schema_view(
    list=extend_schema(
        summary="Applications you may read",
        description="An applicant sees their own (drafts too), newest first. Staff see the files of "
        "their scope that have been submitted, oldest first: a district officer their district's, a "
        "committee member their district's once at the committee, state staff all.",
        responses={200: ApplicationListSerializer(many=True), 400: _ERRORS[400], 401: _ERRORS[401]},
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = ApplicationListSerializer
    pagination_class = ApplicationCursor
    filterset_class = ApplicationFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return application_list_for_user(user=self.request.user)

    def _authorised(self, access_check: Callable[..., Application]) -> tuple[Application, partial]:
        """The application through `access_check`, and that check bound to this user and row for
        the service. Raises 404 when the user cannot see the row, 403 when they can but the
        check refuses them."""
        user, pk = self.request.user, self.kwargs["pk"]
        try:
            application = access_check(user=user, pk=pk)
        except Http404:
            access_application_for_viewing(user=user, pk=pk)
            raise PermissionDenied(_("You cannot do this to this application.")) from None
        return application, partial(access_check, user=user, pk=pk)

    def _body(self, serializer_class: type[serializers.Serializer], application: Application) -> dict:
        serializer = serializer_class(data=self.request.data, context={"application": application})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _detail(self, application: Application) -> Response:
        application = selectors.application_detail(application=application)
        context = {**self.get_serializer_context(), "timeline": selectors.timeline(application)}
        return Response(ApplicationDetailSerializer(application, context=context).data)

    @extend_schema(
        summary="One application",
        responses={200: ApplicationDetailSerializer, 401: _ERRORS[401], 404: _ERRORS[404]},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(access_application_for_viewing(user=request.user, pk=pk))

    # --- The applicant's moves ------------------------------------------------------------------

    @extend_schema(summary="Submit a draft (the applicant)", request=None, responses=_responses(400, 409))
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        _application, access = self._authorised(access_application_for_owner)
        return self._detail(submit_application(application_id=int(pk), user=request.user, access=access))

    @extend_schema(
        summary="Send a returned application back after correcting it (the applicant)",
        request=None,
        responses=_responses(400, 409),
    )
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str) -> Response:
        _application, access = self._authorised(access_application_for_owner)
        return self._detail(resubmit_application(application_id=int(pk), user=request.user, access=access))

    @extend_schema(summary="Withdraw (the applicant)", request=None, responses=_responses(409))
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        _application, access = self._authorised(access_application_for_owner)
        return self._detail(withdraw_application(application_id=int(pk), user=request.user, access=access))

    # --- The district office's moves --------------------------------------------------------------

    @extend_schema(
        summary="Take up for scrutiny (a district officer of the district)",
        request=None,
        responses=_responses(409),
    )
    @action(detail=True, methods=["post"], url_path="take-up", url_name="take-up")
    def take_up(self, request: Request, pk: str) -> Response:
        _application, access = self._authorised(access_application_for_review)
        return self._detail(take_up_application(application_id=int(pk), user=request.user, access=access))

    @extend_schema(
        summary="Return to the applicant for correction (a district officer of the district)",
        request=ReturnRequestSerializer,
        responses=_responses(400, 409),
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        application, access = self._authorised(access_application_for_review)
        body = self._body(ReturnRequestSerializer, application)
        return self._detail(
            return_application(
                application_id=int(pk),
                user=request.user,
                access=access,
                fields=body["fields"],
                documents=body["documents"],
                reason=body["reason"],
            )
        )

    @extend_schema(
        summary="Reject as not eligible (a district officer of the district)",
        request=RejectRequestSerializer,
        responses=_responses(400, 409),
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        application, access = self._authorised(access_application_for_review)
        body = self._body(RejectRequestSerializer, application)
        return self._detail(
            reject_application(
                application_id=int(pk),
                user=request.user,
                access=access,
                reason_codes=body["reason_codes"],
                reason=body["reason"],
            )
        )

    @extend_schema(
        summary="Recommend to the committee (a district officer of the district)",
        request=RecommendRequestSerializer,
        responses=_responses(400, 409),
    )
    @action(detail=True, methods=["post"])
    def recommend(self, request: Request, pk: str) -> Response:
        application, access = self._authorised(access_application_for_review)
        body = self._body(RecommendRequestSerializer, application)
        return self._detail(
            recommend_application(application_id=int(pk), user=request.user, access=access, note=body["note"])
        )

    @extend_schema(
        summary="Assign to a colleague of the same office, or to nobody (a district officer)",
        request=AssignRequestSerializer,
        responses=_responses(400),
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        application, access = self._authorised(access_application_for_review)
        body = self._body(AssignRequestSerializer, application)
        return self._detail(
            assign_application(
                application_id=int(pk), user=request.user, access=access, assignee=body["assignee"]
            )
        )
