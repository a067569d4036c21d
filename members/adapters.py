from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter

from .handles import user_handle_assign
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
        # The handle comes from the name given with the sign-up (which
        # SignupProfileForm saves afterwards), else the address.
        user.display_name = form.cleaned_data.get("display_name", "")
        user_handle_assign(user=user)
        if commit:
            user_set_role(user=user, role=user.role)
        return user
