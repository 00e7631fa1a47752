import factory
from django.contrib.auth import get_user_model

from people.models import OrgUnit, Staff


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"Phòng thử nghiệm {n}")
    kind = OrgUnit.Kind.DIVISION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "MatKhau@123")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    staff_code = factory.Sequence(lambda n: f"CB{n:04d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.staff_code.lower()}@example.vn")
    unit = factory.SubFactory(OrgUnitFactory)
    category = Staff.Category.CIVIL_SERVANT
