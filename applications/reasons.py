"""Reasons an officer or committee can give for a rejection, with the GO clause each applies.

Rule failures found by the rules come with their own code, message and clause; these are the
reasons the rules cannot see for themselves."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    clause: str


REASONS = [
    Reason(
        "documents_not_genuine",
        _("The documents could not be verified as genuine."),
        _("GO conditions of the sub-scheme"),
    ),
    Reason(
        "information_false",
        _("Information given in the application is not correct."),
        "GO-MDA-2019 para 13; GO-MM-2018 para 2(7)",
    ),
    Reason(
        "not_district_product",
        _("The work is not the ODOP product of the district."),
        "GO-MM-2018 para 2(3); GO-MDA-2019 para 2",
    ),
    Reason("not_viable", _("The project is not economically viable."), "GO-MM-2018 para 4(4)"),
    Reason("other", _("Another reason, explained below."), ""),
]
REASON_BY_CODE = {reason.code: reason for reason in REASONS}
