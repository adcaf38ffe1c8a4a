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


def save_profile(*, user, data: dict, instance: Applicant | None = None) -> Applicant:
    """Create or update the artisan's profile from a ProfileForm's cleaned data.

    The Aadhaar numbers are hashed here and never kept; a number already registered to another
    profile is refused with a message naming the field."""
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
            raise ApplicationError(
                _(
                    "This Aadhaar number is already registered with another mobile number. Contact the district office."
                ),
                field="aadhaar_number",
            )
    if spouse_number:
        applicant.spouse_aadhaar_hash = aadhaar_hash(spouse_number)
        applicant.spouse_aadhaar_last4 = spouse_number[-4:]
    try:
        with transaction.atomic():
            applicant.save()
    except IntegrityError as exc:
        # Two profiles saved with the same Aadhaar at the same moment.
        raise ApplicationError(
            _(
                "This Aadhaar number is already registered with another mobile number. Contact the district office."
            ),
            field="aadhaar_number",
        ) from exc
    return applicant
