from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
    path(
        "accounts/delete/cancel/",
        views.account_delete_cancel,
        name="account_delete_cancel",
    ),
    path("accounts/export/", views.account_export, name="account_export"),
    path("accounts/2fa/email-code/", views.mfa_email_code, name="mfa_email_code"),
    path("accounts/2fa/sms-code/", views.mfa_sms_code, name="mfa_sms_code"),
    path("accounts/2fa/phone/", views.two_factor_phone, name="two_factor_phone"),
    path("people/<int:pk>/", views.profile_detail, name="profile"),
]
