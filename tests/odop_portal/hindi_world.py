"""A small world for rendering every page: Agra with an artisan (a draft and a submitted file),
its district officer (a file under scrutiny, one recommended onto a committee meeting), a
committee member, a bank officer and state staff."""

import re
from dataclasses import dataclass, field

from accounts.models import User
from applications.models import Applicant, Application
from committees.models import AgendaItem
from districts.models import BankBranch, District, Division
from schemes.models import Scheme
from tests.applications.helpers import (
    make_applicant,
    officer,
    recommended,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
)
from tests.committees.helpers import seat_committee
from tests.factories import StaffFactory

# Names, acronyms and units that are the same in Hindi text.
ALLOWED_WORDS = {
    "odop", "pdf", "jpeg", "jpg", "png", "csv", "xlsx", "excel", "ifsc", "api", "openapi", "json",
    "sms", "otp", "dbt", "gem", "rpl", "spv", "dpr", "cfc", "mda", "dic", "upi", "go", "msme",
    "udyam", "b2b", "b2c", "svg", "http", "https", "www", "gov", "nic", "xxxx",
}  # fmt: skip


@dataclass
class World:
    users: dict[str, User | None]
    draft: Application
    submitted: Application
    scrutiny: Application
    on_agenda: Application
    typed_words: set[str] = field(default_factory=set)

    def pages_for(self, name: str, params: list[str]):
        """(who, kwargs) for every role that a page is tried as."""
        for kwargs in self._kwargs(name, params):
            for who in self.users:
                yield who, kwargs

    def _kwargs(self, name: str, params: list[str]):
        agenda = AgendaItem.objects.filter(application=self.on_agenda).select_related("meeting").first()
        by_name = {
            "districts:product_detail": [{"slug": District.objects.get(slug="agra").products.first().slug}],
            "districts:division_detail": [{"slug": Division.objects.get(districts__slug="agra").slug}],
            "districts:district_detail": [{"slug": "agra"}],
            "schemes:detail": [{"slug": s.slug} for s in Scheme.objects.all()],
            "applications:start": [{"scheme_slug": "training-and-toolkit"}],
            "applications:step": [
                {"pk": self.draft.pk, "step": "craft"},
                {"pk": self.draft.pk, "step": "history"},
            ],
            "committees:committee": [{"pk": agenda.meeting.committee_id}],
            "committees:meeting": [{"pk": agenda.meeting_id}],
        }
        if name in by_name:
            return by_name[name]
        if params == ["pk"]:
            pks = [self.draft.pk, self.submitted.pk, self.scrutiny.pk, self.on_agenda.pk]
            return [{"pk": pk} for pk in pks]
        if not params:
            return [{}]
        return [dict.fromkeys(params, 1)]


def _words(*texts) -> set[str]:
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z][A-Za-z'’-]{2,}", str(text or ""))}


def build_world() -> World:
    dic = officer("agra", username="dic.agra.world", first_name="Anil", last_name="Verma")
    _committee, _secretary, members = seat_committee("tsc", "agra", secretary=dic, quorum=2)
    artisan = make_applicant(seed=501)
    draft = toolkit_draft(artisan)
    submitted = submitted_toolkit(seed=502)
    scrutiny = under_scrutiny(submitted_toolkit(seed=503), dic)
    on_agenda = recommended(submitted_toolkit(seed=504), dic)
    users = {
        "anonymous": None,
        "artisan": artisan.user,
        "officer": dic,
        "committee_member": members[0],
        "bank_officer": StaffFactory(
            role="bank_officer",
            username="bank.agra.world",
            bank_branch=BankBranch.objects.create(
                ifsc="SBIN0012345",
                bank_name="State Bank of India",
                branch_name="Sikandra",
                district=District.objects.get(slug="agra"),
            ),
        ),
        "state_staff": StaffFactory(role="state_staff", district=None, username="cell.world"),
    }
    typed = set()
    for applicant in Applicant.objects.all():
        typed |= _words(applicant.full_name, applicant.relative_name, applicant.address, applicant.bank_ifsc)
    for application in Application.objects.all():
        for answers in application.details.values():
            typed |= _words(*answers.values())
        typed |= _words(*[note.text for note in application.notes.all()])
        typed |= _words(*[document.original_name for document in application.documents.all()])
    for branch in BankBranch.objects.all():  # names of banks and branches are proper nouns
        typed |= _words(branch.bank_name, branch.branch_name, branch.ifsc)
    for user in User.objects.all():
        typed |= _words(user.username, user.first_name, user.last_name)
    return World(users, draft, submitted, scrutiny, on_agenda, typed)
