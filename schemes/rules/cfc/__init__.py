"""ODOP Common Facility Centre (CFC) Promotion Scheme: SPV eligibility, funding shares, instalments.

Sources: GO-CFC-2018 (no. 1095/18-4-2018-18(विविध)/17टी.सी.-III, 6 November 2018) as amended by
GO-CFC-2023 (no. 613/18-4-2023-18(विविध)/17टी.सी.-3, 3 October 2023); the amendment prevails.
Where the reference gives no paragraph number for a 2023 rule, the clause names the topic.

Benefit lines (in this order): ``capital_cost``, ``land_excluded``, ``project_cost``,
``state_share``, ``spv_share``, ``instalment_1``, ``instalment_2``, ``instalment_3``.
``Benefit.amount`` is ``state_share``. Always ``state_share + spv_share == project_cost`` and
the three instalments add up to ``state_share``, to the paisa.
"""

from __future__ import annotations

from schemes.rules.base import Outcome
from schemes.rules.cfc.benefit import (
    _band_note,
    _committee_for,
    approving_committee,
    compute_benefit,
    instalments,
    max_state_share,
)
from schemes.rules.cfc.eligibility import (
    _contribution,
    _land,
    _legal_form,
    _member_count,
    _member_shareholding,
    _one_member_per_family,
    _product_linked,
    _project_cost_band,
    check_eligibility,
    min_product_linked_members,
)
from schemes.rules.cfc.terms import (
    _FUNDING_CLAUSE,
    _INSTITUTION_CLAUSE,
    _SPECIAL_CLAUSE,
    CODE,
    COMMITTEE_NAMES,
    LEGAL_FORM_NAMES,
    NAME_EN,
    NAME_HI,
    Applicant,
    Committee,
    Facts,
    LandTenure,
    LegalForm,
    Parameters,
    project_cost,
)

__all__ = [
    "CODE",
    "COMMITTEE_NAMES",
    "LEGAL_FORM_NAMES",
    "NAME_EN",
    "NAME_HI",
    "_FUNDING_CLAUSE",
    "_INSTITUTION_CLAUSE",
    "_SPECIAL_CLAUSE",
    "Applicant",
    "Committee",
    "Facts",
    "LandTenure",
    "LegalForm",
    "Parameters",
    "_band_note",
    "_committee_for",
    "_contribution",
    "_land",
    "_legal_form",
    "_member_count",
    "_member_shareholding",
    "_one_member_per_family",
    "_product_linked",
    "_project_cost_band",
    "approving_committee",
    "check_eligibility",
    "compute_benefit",
    "evaluate",
    "instalments",
    "max_state_share",
    "min_product_linked_members",
    "project_cost",
]


def evaluate(facts: Facts, params: Parameters) -> Outcome:
    return Outcome(
        scheme=CODE,
        rules=check_eligibility(facts, params),
        benefit=compute_benefit(facts, params),
    )
