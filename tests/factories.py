"""Factories for test data. Rows are committed into the test's outer transaction (which is
rolled back after the test), so that requests made by the test client see them."""

from __future__ import annotations

import factory
from werkzeug.security import generate_password_hash

from civic.accounts.models import CouncilProfile, Department, Role, RoleGrant, User
from civic.core.models import District, Topic
from civic.db import db, utcnow

PASSWORD = "correct horse battery"
_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")


class Factory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(Factory):
    class Meta:
        model = User

    display_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password_hash = _HASH
    email_verified_at = factory.LazyFunction(utcnow)
    privacy_consent_at = factory.LazyFunction(utcnow)
    locale = "de"

    class Params:
        unverified = factory.Trait(email_verified_at=None)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        for role in extracted or []:
            department = None
            if role is Role.DEPARTMENT_CONTACT:
                department = DepartmentFactory()
            self.role_grants.append(RoleGrant(role=role, department=department))
            if role is Role.COUNCIL_MEMBER:
                self.council_profile = CouncilProfile(faction="Fraktion Test")
        if extracted:
            db.session.commit()


class DepartmentFactory(Factory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Amt {n}")


class DistrictFactory(Factory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Stadtteil {n}")
    slug = factory.Sequence(lambda n: f"stadtteil-{n}")


class TopicFactory(Factory):
    class Meta:
        model = Topic

    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
