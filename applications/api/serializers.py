"""What the applications API shows and accepts.

Every output field is listed by name: the Aadhaar hashes (and anything else on the profile)
can never leak through a `fields = "__all__"`. The applicant's name and masked Aadhaar are for
staff only; the mobile number is shown whole only to its owner."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from applications.api.filters import LARGEST_ID
from applications.models import Application, Document
from applications.reasons import REASON_BY_CODE
from applications.steps import field_labels
from applications.workflow import status_choices
from schemes.api.serializers import OutcomeSerializer

REASON_MAX_LENGTH = 2000  # as in the office's ReturnForm, RejectForm and RecommendForm
CODE_MAX_LENGTH = 60
MAX_CHOICES = 50


def _viewer_is_owner(serializer: serializers.Serializer, application: Application) -> bool:
    return application.applicant.user_id == serializer.context["request"].user.pk


def masked_mobile(mobile: str | None) -> str:
    return f"******{mobile[-4:]}" if mobile else ""


# One named enum for the workflow's statuses, so it does not collide with the rules' "status".
@extend_schema_field(
    serializers.ChoiceField(choices=status_choices()), component_name="ApplicationStatusEnum"
)
class StatusField(serializers.CharField):
    pass


class _ApplicationBaseSerializer(serializers.ModelSerializer):
    status = StatusField(read_only=True)
    scheme = serializers.CharField(source="scheme.code", read_only=True, help_text="Sub-scheme code")
    status_label = serializers.CharField(read_only=True)
    district = serializers.CharField(source="district.slug", read_only=True)
    product = serializers.CharField(source="product.slug", read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    benefit_amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="Rupees, as a decimal string",
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "reference_number",
            "scheme",
            "status",
            "status_label",
            "district",
            "product",
            "created_at",
            "submitted_at",
            "due_at",
            "is_overdue",
            "benefit_amount",
            "is_eligible",
        ]
        read_only_fields = fields


class ApplicationListSerializer(_ApplicationBaseSerializer):
    applicant_name = serializers.SerializerMethodField(help_text="For staff only; null for the applicant.")

    class Meta(_ApplicationBaseSerializer.Meta):
        fields = [*_ApplicationBaseSerializer.Meta.fields, "applicant_name"]
        read_only_fields = fields

    def get_applicant_name(self, application: Application) -> str | None:
        return None if _viewer_is_owner(self, application) else application.applicant.full_name


class DocumentSerializer(serializers.ModelSerializer):
    verified = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The file itself, for those who may read it")

    class Meta:
        model = Document
        fields = ["code", "original_name", "content_type", "size", "uploaded_at", "verified", "url"]
        read_only_fields = fields

    def get_verified(self, document: Document) -> bool:
        return document.verified_at is not None

    def get_url(self, document: Document) -> str:
        path = reverse("applications:document_file", kwargs={"pk": document.pk})
        return self.context["request"].build_absolute_uri(path)


class TimelineEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    label = serializers.CharField()
    status = serializers.CharField()
    days = serializers.IntegerField(help_text="Days the file spent (or has spent so far) at this stage")
    holder = serializers.CharField(help_text="The office (never a person) holding the file")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Reason codes given")
    notes = serializers.ListField(child=serializers.CharField(), help_text="Words given to the applicant")


class ApplicantSummarySerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True, help_text="For staff only; null for the applicant.")
    masked_aadhaar = serializers.CharField(
        allow_null=True, help_text="Last four digits only, for staff; null for the applicant."
    )
    mobile = serializers.CharField(help_text="Whole for the applicant, masked (******1234) for staff.")


class AssigneeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


@extend_schema_field(OutcomeSerializer(allow_null=True))
class OutcomeField(serializers.JSONField):
    """The rules' stored answer (same shape as the eligibility API's outcome)."""


# Expects an application loaded by `selectors.application_detail` and `timeline` in the context,
# so it adds no queries of its own.
class ApplicationDetailSerializer(_ApplicationBaseSerializer):
    """One application with its papers and its timeline."""

    outcome = OutcomeField(read_only=True, allow_null=True)
    returned_fields = serializers.ListField(child=serializers.CharField(), read_only=True)
    returned_documents = serializers.ListField(child=serializers.CharField(), read_only=True)
    documents = serializers.SerializerMethodField(help_text="Current papers (replaced ones left out)")
    timeline = serializers.SerializerMethodField()
    applicant = serializers.SerializerMethodField()
    assigned_to = serializers.SerializerMethodField(help_text="For staff only; null for the applicant.")

    class Meta(_ApplicationBaseSerializer.Meta):
        fields = [
            *_ApplicationBaseSerializer.Meta.fields,
            "outcome",
            "returned_fields",
            "returned_documents",
            "documents",
            "timeline",
            "applicant",
            "assigned_to",
        ]
        read_only_fields = fields

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, application: Application) -> list[dict]:
        current = [d for d in application.documents.all() if d.replaced_at is None]
        return DocumentSerializer(current, many=True, context=self.context).data

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, application: Application) -> list[dict]:
        return TimelineEntrySerializer(self.context["timeline"], many=True).data

    @extend_schema_field(ApplicantSummarySerializer)
    def get_applicant(self, application: Application) -> dict:
        applicant = application.applicant
        if _viewer_is_owner(self, application):
            return {"name": None, "masked_aadhaar": None, "mobile": applicant.user.mobile or ""}
        return {
            "name": applicant.full_name,
            "masked_aadhaar": applicant.masked_aadhaar,
            "mobile": masked_mobile(applicant.user.mobile),
        }

    @extend_schema_field(AssigneeSerializer(allow_null=True))
    def get_assigned_to(self, application: Application) -> dict | None:
        if _viewer_is_owner(self, application) or application.assigned_to is None:
            return None
        return {"id": application.assigned_to.pk, "username": application.assigned_to.username}


# --- Request bodies of the actions -------------------------------------------------------------


def _code_list(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=CODE_MAX_LENGTH),
        max_length=MAX_CHOICES,
        **kwargs,
    )


# Needs `application` in the context: the choices are that sub-scheme's answers and papers, as in
# the office's return form.
class ReturnRequestSerializer(serializers.Serializer):
    """At least one answer or document to correct, and what the applicant must do."""

    fields = _code_list(help_text="Answers to correct (field names of the sub-scheme's steps)")
    documents = _code_list(help_text="Documents to upload again (codes of the sub-scheme's papers)")
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, allow_blank=True, help_text="What the applicant must do"
    )

    def validate_fields(self, value: list[str]) -> list[str]:
        known = set(field_labels(self.context["application"].scheme.code))
        if not set(value) <= known:
            raise serializers.ValidationError(_("Choose answers from the list."))
        return value

    def validate_documents(self, value: list[str]) -> list[str]:
        known = {d.code for d in self.context["application"].scheme.documents.all()}
        if not set(value) <= known:
            raise serializers.ValidationError(_("Choose documents from the list."))
        return value

    def validate(self, attrs: dict) -> dict:
        if not attrs["fields"] and not attrs["documents"]:
            raise serializers.ValidationError(
                {"fields": [_("Choose at least one answer or document to correct.")]}
            )
        return attrs


# Needs `application` in the context: the reasons are the rules it failed and the office's own
# reasons, as in the office's reject form.
class RejectRequestSerializer(serializers.Serializer):
    """At least one reason code, and the explanation for the applicant."""

    reason_codes = _code_list(help_text="Failed rule codes of this application, or the office's reason codes")
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, allow_blank=True, help_text="The explanation for the applicant"
    )

    def validate_reason_codes(self, value: list[str]) -> list[str]:
        outcome = self.context["application"].outcome or {}
        failed = {rule["code"] for rule in outcome.get("rules", []) if rule["status"] == "failed"}
        if not set(value) <= failed | set(REASON_BY_CODE):
            raise serializers.ValidationError(_("Choose reasons from the list."))
        return value


class RecommendRequestSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        allow_blank=True,
        required=False,
        default="",
        help_text="Recommendation for the committee",
    )


class AssignRequestSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(
        min_value=1,
        max_value=LARGEST_ID,
        allow_null=True,
        help_text="Id of a district officer of the same office, or null for nobody",
    )

    def validate_assignee(self, value: int | None) -> User | None:
        # Any account is looked up; the service decides whether it may hold the file.
        if value is None:
            return None
        user = User.objects.filter(pk=value).first()
        if user is None:
            raise serializers.ValidationError(_("No such user."))
        return user


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
