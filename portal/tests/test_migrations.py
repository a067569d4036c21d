from io import StringIO

from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db


def test_every_model_change_has_its_migration():
    # Several people change models at once; a missing migration would only
    # show as a broken deployment.
    output = StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=output)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{output.getvalue()}")
