"""The Wagtail admin's users area, where admins give users their role."""

from django import forms
from django.contrib.auth.models import Group

from wagtail.actions.delete import DeleteAction
from wagtail.log_actions import log
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from .deletion import account_delete
from .models import User
from .services import ROLE_GROUP_NAMES, user_set_role


class RoleFormMixin(forms.ModelForm):
    """
    The role decides the role's group and administrator status, so neither
    is offered directly; other groups can still be given by hand.
    """

    role = forms.ChoiceField(
        choices=User.Role.choices,
        help_text="Teachers write courses in the admin; admins may do everything.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("is_superuser", None)
        # Members name themselves with a display name; these are optional.
        self.fields["first_name"].required = False
        self.fields["last_name"].required = False
        if "groups" in self.fields:
            self.fields["groups"].queryset = Group.objects.exclude(
                name__in=ROLE_GROUP_NAMES.values()
            )
            self.fields["groups"].required = False


class RoleCreationForm(RoleFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields - {"is_superuser"}


class RoleEditForm(RoleFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields - {"is_superuser"}

    def __init__(self, *args, **kwargs) -> None:
        editing_self = kwargs.get("editing_self", False)
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = self.instance.role
        if editing_self:
            # Admins cannot demote themselves and lock everyone out.
            self.fields["role"].disabled = True


class RoleSavingMixin:
    def save_instance(self) -> User:
        user = super().save_instance()
        return user_set_role(
            user=user, role=self.form.cleaned_data["role"], changed_by=self.request.user
        )


class CreateView(RoleSavingMixin, users.CreateView):
    pass


class EditView(RoleSavingMixin, users.EditView):
    pass


class DeleteAccountAction(DeleteAction):
    """Deleting a user in the admin deletes the account as members do: files and all."""

    def _delete(self):
        log(
            instance=self.instance,
            action="wagtail.delete",
            user=self.user,
            deleted=True,
        )
        account_delete(user=self.instance)


class DeleteView(users.DeleteView):
    action_class = DeleteAccountAction


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return RoleEditForm if for_update else RoleCreationForm
