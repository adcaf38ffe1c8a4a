from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from schemes import selectors
from schemes.evaluation import evaluate_answers
from schemes.examples import worked_examples
from schemes.forms import EligibilityForm


def scheme_index(request: HttpRequest) -> HttpResponse:
    return render(request, "schemes/scheme_index.html", {"schemes": selectors.scheme_list()})


def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = selectors.scheme_get(slug=slug)
    today = timezone.localdate()
    ruleset = selectors.active_ruleset(scheme=scheme, on=today)
    return render(
        request,
        "schemes/scheme_detail.html",
        {
            "scheme": scheme,
            "ruleset": ruleset,
            "params": ruleset.rule_parameters(),
            "examples": worked_examples(ruleset=ruleset, as_of=today),
            "history": selectors.ruleset_history(scheme=scheme),
            "content_template": f"schemes/content/{scheme.code.lower()}.html",
        },
    )


@require_http_methods(["GET", "POST"])
def eligibility_checker(request: HttpRequest) -> HttpResponse:
    """Works without JavaScript: a plain form posted back to itself."""
    form = EligibilityForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = evaluate_answers(data=form.cleaned_data, as_of=form.as_of)
    return render(
        request,
        "schemes/eligibility_checker.html",
        {"form": form, "results": results, "sections": form.SECTIONS},
    )
