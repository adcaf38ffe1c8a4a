"""The people of the permission matrix."""

from dataclasses import dataclass

from accounts.models import User
from applications.models import Applicant

ROLES = [
    "anonymous",
    "owner",
    "other_artisan",
    "agra_officer",
    "lucknow_officer",
    "agra_committee",
    "state_staff",
]


@dataclass
class People:
    owner: Applicant
    other_artisan: Applicant
    agra_officer: User
    lucknow_officer: User
    agra_committee: User
    state_staff: User

    def user(self, role: str) -> User | None:
        if role == "anonymous":
            return None
        person = getattr(self, role)
        return person.user if isinstance(person, Applicant) else person
