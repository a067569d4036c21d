"""The file views and the front proxy (site/nginx) agree on where bytes come from."""

import re

from django.conf import settings

from courses.delivery import ACCEL_LOCATIONS

PROXY_CONFIG = settings.BASE_DIR / "site" / "nginx" / "lectern.conf.template"


def test_each_folder_the_views_hand_over_is_an_internal_location_of_the_proxy():
    config = PROXY_CONFIG.read_text()

    for setting, location in ACCEL_LOCATIONS.items():
        # The block runs to its closing brace, alone on its line.
        block = re.search(
            rf"location {re.escape(location)} {{(.*?)\n\s*}}\n", config, re.S
        )
        assert block is not None, f"site/nginx has no location {location}"
        # Unreachable from outside, and the folder the setting names.
        assert "internal;" in block.group(1)
        assert f"alias ${{LECTERN_{setting}}}/;" in block.group(1)
