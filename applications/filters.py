import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.workflow import OFFICE_STATES, Status, status_choices
from schemes.models import Scheme


class _SchemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name  # in the page's language (str() of a scheme is English)


class SchemeChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _SchemeChoiceField


class QueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Reference number or name"))
    scheme = SchemeChoiceFilter(
        queryset=Scheme.objects.all(),
        to_field_name="code",
        label=_("Sub-scheme"),
        empty_label=_("All sub-schemes"),
    )
    status = django_filters.ChoiceFilter(
        choices=[c for c in status_choices() if c[0] != Status.DRAFT],
        label=_("Status"),
        empty_label=_("All"),
    )
    product = django_filters.NumberFilter(
        field_name="product_id",
        label=_("Product"),
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.NumberInput,
    )
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__gte",
        label=_("Submitted from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__lte",
        label=_("Submitted to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Overdue only"), widget=forms.CheckboxInput
    )
    assigned_to_me = django_filters.BooleanFilter(
        method="filter_mine", label=_("Assigned to me"), widget=forms.CheckboxInput
    )

    class Meta:
        model = Application
        fields = [
            "q",
            "scheme",
            "status",
            "product",
            "submitted_from",
            "submitted_to",
            "overdue",
            "assigned_to_me",
        ]

    def __init__(self, *args, user=None, **kwargs):
        """`user` for "assigned to me" where there is no request (the queue's selector); the API
        gives the request, whose user it is."""
        super().__init__(*args, **kwargs)
        self.user = user if user is not None else getattr(self.request, "user", None)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference_number__icontains=value) | Q(applicant__full_name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=OFFICE_STATES, due_at__lt=timezone.now())

    def filter_mine(self, queryset, name, value):
        if not value or self.user is None:
            return queryset
        return queryset.filter(assigned_to=self.user)
