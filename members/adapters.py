from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter

from .models import User
from .services import user_set_role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(
        self, request: HttpRequest, user: User, form, commit: bool = True
    ) -> User:
        # allauth copies only the fields its form declares, but the role is
        # set here explicitly all the same: signing up always makes a student.
        user = super().save_user(request, user, form, commit=False)
        user.role = User.Role.STUDENT
        user.is_staff = user.is_superuser = False
        if commit:
            user_set_role(user=user, role=user.role)
        return user
