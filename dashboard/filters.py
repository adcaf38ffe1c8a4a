"""The dashboard's filters: the scope form of the dashboard and open-data pages, and the
FilterSet of the list behind every figure (the office queue's filters plus district, division,
year and outcome)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.filters import QueueFilter
from dashboard import measures
from dashboard.selectors import ReferenceLists, Scope
from dashboard.years import current_year, year_bounds, year_choices

STAFF_MEASURES = [
    ("received", _("Received in the year")),
    ("pending", _("Waiting for a decision now (office and committee)")),
    ("overdue", _("Overdue before a decision")),
    ("overdue_after", _("Overdue after approval (bank, training, payment)")),
    ("approved", _("Approved in the year")),
    ("rejected", _("Rejected in the year")),
    ("sanctioned", _("Sanctioned (rupees)")),
    ("released", _("Released (rupees)")),
    ("median_days", _("Median days to decision")),
    ("physical_progress", _("Physical target achieved (%)")),
]
PUBLIC_MEASURES = [
    ("received", _("Received in the year")),
    ("approved", _("Approved in the year")),
    ("sanctioned", _("Sanctioned (rupees)")),
    ("median_days", _("Median days to decision")),
]


class ScopeForm(forms.Form):
    """Year, sub-scheme, division, district and the measure the charts show. Choices come from
    lists the page has already loaded, so validating costs no query."""

    year = forms.ChoiceField(label=_("Financial year"), required=False)
    scheme = forms.ChoiceField(label=_("Sub-scheme"), required=False)
    division = forms.ChoiceField(label=_("Division"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    measure = forms.ChoiceField(label=_("Chart shows"), required=False)

    def __init__(self, data, *, lists: ReferenceLists, measures_choices, with_places: bool = True):
        super().__init__(data)
        self.lists = lists
        self.fields["year"].choices = [(year, year) for year in year_choices()]
        self.fields["scheme"].choices = [("", _("All sub-schemes"))] + [
            (s.code, s.name) for s in lists.schemes
        ]
        self.fields["division"].choices = [("", _("All divisions"))] + [
            (d.slug, d.name) for d in lists.divisions
        ]
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.slug, d.name) for d in lists.districts
        ]
        self.fields["measure"].choices = measures_choices
        if not with_places:
            del self.fields["division"]
            del self.fields["district"]

    def scope(self) -> Scope:
        """The scope the valid fields ask for; a field with an error falls back to its default
        (all, or the current year) and the page shows the error beside it."""
        data = self._valid_data()
        schemes = {s.code: s for s in self.lists.schemes}
        divisions = {d.slug: d for d in self.lists.divisions}
        districts = {d.slug: d for d in self.lists.districts}
        return Scope(
            year=data.get("year") or current_year(),
            scheme=schemes.get(data.get("scheme") or ""),
            division=divisions.get(data.get("division") or ""),
            district=districts.get(data.get("district") or ""),
            now=timezone.now(),
        )

    def chosen_measure(self) -> str:
        return self._valid_data().get("measure") or self.fields["measure"].choices[0][0]

    def _valid_data(self) -> dict:
        """The fields that are valid (an unbound form has none: every default applies)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


def _years() -> list[tuple[str, str]]:
    return [(year, year) for year in year_choices()]


def _year_filter(field_q):
    def method(queryset, name, value):
        if not value:
            return queryset
        start, end = year_bounds(value)
        return queryset.filter(field_q(start, end))

    return method


class ApplicationListFilter(QueueFilter):
    """The office queue's filters, plus where, which year and what became of the file."""

    district = django_filters.CharFilter(method="filter_district", label=_("District (code name)"))
    division = django_filters.CharFilter(method="filter_division", label=_("Division (code name)"))
    received_in = django_filters.ChoiceFilter(
        choices=_years,
        method=_year_filter(measures.received_in),
        label=_("Received in"),
        empty_label=_("Any year"),
    )
    decided_in = django_filters.ChoiceFilter(
        choices=_years,
        method=_year_filter(measures.decided_in),
        label=_("Decided in"),
        empty_label=_("Any year"),
    )
    committed_in = django_filters.ChoiceFilter(
        choices=_years,
        method=_year_filter(measures.committed_in),
        label=_("Committed in (sanctioned in the year, or before a committee now)"),
        empty_label=_("Any year"),
    )
    outcome = django_filters.ChoiceFilter(
        choices=[
            ("approved", _("Approved")),
            ("rejected", _("Rejected")),
            ("decided", _("Approved or rejected")),
        ],
        method="filter_outcome",
        label=_("Decision"),
        empty_label=_("Any"),
    )
    stage = django_filters.ChoiceFilter(
        choices=[
            ("pending", _("Waiting for a decision")),
            ("before_committee", _("Before a committee")),
            ("after_approval", _("After approval, against a time limit")),
        ],
        method="filter_stage",
        label=_("Stage"),
        empty_label=_("Any"),
    )

    class Meta(QueueFilter.Meta):
        fields = [
            "q",
            "scheme",
            "status",
            "district",
            "division",
            "received_in",
            "decided_in",
            "committed_in",
            "outcome",
            "stage",
            "submitted_from",
            "submitted_to",
            "overdue",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The queue's "assigned to me" and product number mean nothing across districts.
        self.filters.pop("assigned_to_me", None)
        self.filters.pop("product", None)

    def filter_district(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(district__slug=value) if value else queryset

    def filter_division(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(district__division__slug=value) if value else queryset

    def filter_outcome(self, queryset, name, value):
        conditions = {
            "approved": measures.approved(),
            "rejected": measures.rejected(),
            "decided": measures.decided(),
        }
        return queryset.filter(conditions[value]) if value in conditions else queryset

    def filter_stage(self, queryset, name, value):
        conditions: dict[str, Q] = {
            "pending": measures.pending(),
            "before_committee": measures.before_committee(),
            "after_approval": measures.after_approval(),
        }
        return queryset.filter(conditions[value]) if value in conditions else queryset
