import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from applications.models import Applicant
from applications.services.errors import ApplicationError


def aadhaar_hash(number: str) -> str:
    """Keyed hash of a (validated, compact) Aadhaar number: the same number always gives the
    same hash, and without the key the hash cannot be turned back into the number."""
    return hmac.new(settings.AADHAAR_HASH_KEY.encode(), number.encode(), hashlib.sha256).hexdigest()


class DuplicateAadhaar(ApplicationError):
    """The Aadhaar number is another profile's. The artisan is only sent to the help desk; who
    holds the number is for the office to find out."""

    code = "duplicate_aadhaar"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Your profile cannot be completed online with this Aadhaar number. Please visit "
                "the help desk at your District Industries Centre with your Aadhaar card."
            ),
            field="aadhaar_number",
        )


def save_profile_at_helpdesk(*, officer, mobile: str, data: dict, instance: Applicant | None) -> Applicant:
    """The help desk saves the profile of an artisan of its own district (`instance` comes from
    `access_artisan_for_helpdesk`), creating the artisan's account with the profile: a refused
    profile leaves no account behind."""
    from accounts.services import get_or_create_artisan

    district = data.get("district")
    if district is None or district.pk != officer.district_id:
        raise ApplicationError(
            _("The help desk registers artisans of its own district only."), field="district"
        )
    # As saved, not as the bound form has already changed it.
    if (
        instance is not None
        and not Applicant.objects.filter(
            pk=instance.pk, user__mobile=mobile, district_id=officer.district_id
        ).exists()
    ):
        raise ApplicationError(_("This artisan belongs to another district's office."))
    with transaction.atomic():
        user = get_or_create_artisan(mobile=mobile)
        return save_profile(user=user, data=data, instance=instance)


def save_profile(*, user, data: dict, instance: Applicant | None = None) -> Applicant:
    """Create or update the artisan's profile from a ProfileForm's cleaned data.

    The Aadhaar numbers are hashed here and never kept; a number already registered to another
    profile is refused (DuplicateAadhaar, naming the field) and nothing is saved."""
    aadhaar_number = data.pop("aadhaar_number", "") or ""
    spouse_number = data.pop("spouse_aadhaar_number", "") or ""
    applicant = instance or Applicant(user=user)
    for name, value in data.items():
        setattr(applicant, name, value)
    if aadhaar_number:
        applicant.aadhaar_hash = aadhaar_hash(aadhaar_number)
        applicant.aadhaar_last4 = aadhaar_number[-4:]
        clash = (
            Applicant.objects.filter(aadhaar_hash=applicant.aadhaar_hash).exclude(pk=applicant.pk).exists()
        )
        if clash:
            raise DuplicateAadhaar()
    if spouse_number:
        applicant.spouse_aadhaar_hash = aadhaar_hash(spouse_number)
        applicant.spouse_aadhaar_last4 = spouse_number[-4:]
    try:
        with transaction.atomic():
            applicant.save()
    except IntegrityError as exc:
        # Two profiles saved with the same Aadhaar at the same moment.
        raise DuplicateAadhaar() from exc
    return applicant
