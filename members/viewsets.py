"""The Wagtail admin's users area, where admins give users their role."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail.actions.delete import DeleteAction
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

import django_filters

from .forms import HandleField, handle_clean_free
from .handles import user_handle_assign
from .models import User
from .roles import ROLE_GROUP_NAMES
from .services import account_delete, user_set_role


class RoleFormMixin(forms.ModelForm):
    """
    The role decides the role's group and administrator status, so neither
    is offered directly; other groups can still be given by hand.
    """

    # In the order of the page: the Account tab, then the Roles tab.
    field_order = [
        "email",
        "first_name",
        "last_name",
        "handle",
        "password1",
        "password2",
    ]
    roles_tab_field_names = ("role", "groups")

    handle = HandleField(help_text=_("Others mention them as @handle."))

    role = forms.ChoiceField(
        label=_("Role"),
        choices=User.Role.choices,
        initial=User.Role.STUDENT,
        widget=forms.RadioSelect,
        help_text=_("Teachers write courses in the admin; admins may do everything."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("is_superuser", None)
        # Members name themselves with a display name; these are optional.
        self.fields["first_name"].required = False
        self.fields["last_name"].required = False
        groups = self.fields["groups"]
        groups.queryset = Group.objects.exclude(name__in=ROLE_GROUP_NAMES.values())
        groups.required = False
        groups.help_text = _("Groups besides the role's own, for more permissions.")

    def clean_handle(self) -> str:
        return handle_clean_free(self.cleaned_data["handle"], user=self.instance)

    def account_fields(self) -> list[forms.BoundField]:
        return [
            field
            for field in self.visible_fields()
            if field.name not in self.roles_tab_field_names
        ]

    def roles_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.roles_tab_field_names]


class RoleCreationForm(RoleFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = (UserCreationForm.Meta.fields - {"is_superuser"}) | {"handle"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handle"].required = False
        self.fields["handle"].help_text = _(
            "Others mention them as @handle. Leave it blank to make one from "
            "their name."
        )

    def save(self, commit: bool = True) -> User:
        user_handle_assign(user=self.instance)
        return super().save(commit=commit)


class RoleEditForm(RoleFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = (UserEditForm.Meta.fields - {"is_superuser"}) | {"handle"}

    def __init__(self, *args, **kwargs) -> None:
        editing_self = kwargs.get("editing_self", False)
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = self.instance.role
        if editing_self:
            # Admins cannot demote themselves and lock everyone out.
            self.fields["role"].disabled = True


class RoleFormViewMixin:
    def save_instance(self) -> User:
        user = super().save_instance()
        return user_set_role(
            user=user, role=self.form.cleaned_data["role"], changed_by=self.request.user
        )

    def form_invalid(self, form: forms.ModelForm):
        if self.produced_error_message and not form.non_field_errors():
            # Wagtail lists the errors at the top only when one belongs to no
            # field. List them always: an error on the tab not shown, or on a
            # field a template leaves out, must not fail without a word.
            self.produced_error_message = format_html(
                '{}<ul class="errorlist">{}</ul>',
                self.produced_error_message,
                format_html_join(
                    "\n",
                    "<li>{}: {}</li>",
                    (
                        (form[name].label, error)
                        for name, errors in form.errors.items()
                        for error in errors
                    ),
                ),
            )
        return super().form_invalid(form)


class CreateView(RoleFormViewMixin, users.CreateView):
    pass


class EditView(RoleFormViewMixin, users.EditView):
    pass


class UserFilterSet(users.UserFilterSet):
    role = django_filters.MultipleChoiceFilter(
        label=_("Role"),
        choices=User.Role.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(users.UserFilterSet.Meta):
        pass


class IndexView(users.IndexView):
    # Admins look people up by email too, which the search index leaves
    # out: the listing searches the database.
    search_backend_name = None
    search_fields = ["email", "handle", "first_name", "last_name", "display_name"]

    @cached_property
    def columns(self) -> list[Column]:
        # Admins are the superusers, so the role tells all that Wagtail's
        # "Access level" column did, and more.
        return [
            Column(
                "role",
                accessor="get_role_display",
                label=_("Role"),
                sort_key="role",
                width="10%",
            )
            if column.name == "is_superuser"
            else column
            for column in super().columns
        ]


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
    filterset_class = UserFilterSet
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    create_template_name = edit_template_name = "members/users/form.html"

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return RoleEditForm if for_update else RoleCreationForm
