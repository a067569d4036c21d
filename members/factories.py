import factory
from allauth.account.models import EmailAddress

from .models import User

FACTORY_PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = FACTORY_PASSWORD
    role = User.Role.STUDENT

    class Meta:
        model = User
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the manager, so that the role's group follows and the handle
        # is made (unique, numbered on collision) as in real sign-ups; pass
        # handle="..." for a given one.
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def email_verified(user, create, extracted, **kwargs):
        """`UserFactory(email_verified=True)`: the sign-in address is verified."""
        if create and extracted:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )


class TeacherFactory(UserFactory):
    role = User.Role.TEACHER


class AdminFactory(UserFactory):
    role = User.Role.ADMIN
