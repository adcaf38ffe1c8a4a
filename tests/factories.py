import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from districts.models import District

STAFF_PASSWORD = "Correct-Horse-9"


def district(slug: str) -> District:
    return District.objects.get(slug=slug)


class _UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", None)
        user = model_class(*args, **kwargs)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        return user


class ArtisanFactory(_UserFactory):
    mobile = factory.Sequence(lambda n: f"9{n:09d}")
    username = factory.SelfAttribute("mobile")
    role = Role.ARTISAN


class StaffFactory(_UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    role = Role.DISTRICT_OFFICER
    district = factory.LazyFunction(lambda: district("agra"))
    password = STAFF_PASSWORD
