from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from odop_portal.public_pages import public_page
from schemes import selectors
from schemes.changes import figure_changes
from schemes.evaluation import evaluate_answers
from schemes.examples import worked_examples
from schemes.forms import EligibilityForm
from schemes.models import FAIR_CATEGORY_CHOICES


@require_safe
def scheme_index(request: HttpRequest) -> HttpResponse:
    return public_page(request, "schemes/scheme_index.html", lambda: {"schemes": selectors.scheme_list()})


@require_safe
def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return public_page(request, "schemes/scheme_detail.html", lambda: _scheme_detail(slug))


def _scheme_detail(slug: str) -> dict:
    scheme = selectors.scheme_get(slug=slug)
    today = timezone.localdate()
    ruleset = selectors.active_ruleset(scheme=scheme, on=today)
    upcoming = selectors.upcoming_ruleset(scheme=scheme, on=today)
    return {
        "scheme": scheme,
        "ruleset": ruleset,
        "upcoming": upcoming,
        "upcoming_changes": figure_changes(
            ruleset.rule_parameters(), upcoming.rule_parameters(), only_changed=True
        )
        if upcoming
        else [],
        "params": ruleset.rule_parameters(),
        "examples": worked_examples(ruleset=ruleset, as_of=today),
        "history": selectors.ruleset_history(scheme=scheme),
        "content_template": f"schemes/content/{scheme.code.lower()}.html",
    }


@csrf_exempt  # it stores nothing and acts for no one: the answers come back on the page alone
@require_http_methods(["GET", "POST"])
def eligibility_checker(request: HttpRequest) -> HttpResponse:
    """Works without JavaScript: a plain form posted back to itself. The empty form is the same
    for every visitor in a language on a day, so it is a cached public page."""
    if request.method == "GET":
        return public_page(request, "schemes/eligibility_checker.html", lambda: _checker_context(None))
    return render(request, "schemes/eligibility_checker.html", _checker_context(request.POST))


def _checker_context(data) -> dict:
    """The checker's form (empty, or with the answers posted) and, for valid answers, what
    each sub-scheme's rules say of them."""
    published = selectors.published_rulesets()  # today's rules and any upcoming GO's, one query
    upcoming = selectors.effective_dates_after(published, on=timezone.localdate())
    form = EligibilityForm(data, upcoming=upcoming)
    results = None
    if data is not None and form.is_valid():
        results = evaluate_answers(data=form.cleaned_data, as_of=form.as_of, published=published)
    return {"form": form, "results": results, "sections": form.SECTIONS}


class FairFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *FAIR_CATEGORY_CHOICES],
    )


@require_GET
def notified_fairs(request: HttpRequest) -> HttpResponse:
    """The fairs the ODOP cell has notified for Marketing Development Assistance that are to
    come, under way, or still open for claims, by claim category."""
    return public_page(request, "schemes/notified_fairs.html", lambda: _notified_fairs(request))


def _notified_fairs(request: HttpRequest) -> dict:
    form = FairFilterForm(request.GET or None)
    category = form.cleaned_data["category"] if form.is_valid() else ""
    today = timezone.localdate()
    ruleset = selectors.active_rulesets(on=today).get("MDA")
    if ruleset is None:
        raise Http404("no rule set of MDA is in force")
    return {
        "form": form,
        "scheme": ruleset.scheme,
        "groups": selectors.notified_fair_groups(
            on=today, params=ruleset.rule_parameters(), category=category
        ),
        "is_filtered": bool(category),
    }
