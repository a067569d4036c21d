"""
Members' writes, by concern.

- accounts: a member's role and profile
- deletion: asking for an account's deletion, and carrying it out
- mfa: sign-in codes by email or text message, the second step's
  alternatives to an app, and the confirmed phone texts go to
- workflows: the moderation workflows other apps' content goes through
"""

from .accounts import user_set_role, user_update_profile
from .deletion import (
    DELETION_GRACE_PERIOD,
    account_delete,
    account_delete_if_due,
    account_deletion_cancel,
    account_deletion_request,
    accounts_delete_due,
)
from .mfa import (
    email_code_send,
    email_code_verify,
    phone_confirm,
    phone_confirmation_pending,
    phone_confirmation_send,
    phone_remove,
    sms_code_send,
    sms_code_verify,
)
from .workflows import workflow_get_or_create

__all__ = [
    "DELETION_GRACE_PERIOD",
    "account_delete",
    "account_delete_if_due",
    "account_deletion_cancel",
    "account_deletion_request",
    "accounts_delete_due",
    "email_code_send",
    "email_code_verify",
    "phone_confirm",
    "phone_confirmation_pending",
    "phone_confirmation_send",
    "phone_remove",
    "sms_code_send",
    "sms_code_verify",
    "user_set_role",
    "user_update_profile",
    "workflow_get_or_create",
]
