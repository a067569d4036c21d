"""
Settings are read once, at start-up, so each case starts a fresh Python with
the environment under test.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

import pytest

PRODUCTION_ENV = {
    "SECRET_KEY": "kq3v!x9-production-test-key-4m8z@p2w#r7t$y1u%i6o^a5s&d0f*g3h",
    "ALLOWED_HOSTS": "lectern.example.com",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
}

# Everything a developer's shell might set that would change what is tested.
SETTINGS_VARIABLES = [
    "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG",
    "DATABASE_URL", "REDIS_URL", "CLOUDINARY_URL", "EMAIL_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET",
    "MPESA_CONSUMER_KEY", "MPESA_CONSUMER_SECRET", "MPESA_PASSKEY",
    "SEARCH_URL", "SEARCH_BACKEND", "COMMUNITY_POST_RATE", "COMMUNITY_COMMENT_RATE",
    "COMMUNITY_LIKE_RATE", "LOG_FORMAT", "ADMINS", "SENTRY_DSN",
    "SMS_PROVIDER", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM",
]  # fmt: skip


def run_manage(
    *args: str, settings_module: str, **env: str
) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    # A developer's .env must not fill in what a test leaves out.
    environment.update(
        DJANGO_SETTINGS_MODULE=settings_module, DJANGO_READ_DOT_ENV="false", **env
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def read_settings(names: str, settings_module: str = "portal.settings.dev", **env: str):
    """The values of settings (dotted paths into dicts allowed) under `env`."""
    code = (
        "import json; from django.conf import settings as s; "
        "from django.core.files.storage import storages; d = storages['default']; "
        f"print(json.dumps({names}, default=str))"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", code, settings_module=settings_module, **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "EMAIL_URL"]
)
def test_production_settings_refuse_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = run_manage("check", settings_module="portal.settings.production", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"STRIPE_SECRET_KEY": "sk_live_x"}, "STRIPE_WEBHOOK_SECRET"),
        ({"MPESA_CONSUMER_KEY": "key"}, "MPESA_PASSKEY"),
        ({"TWILIO_ACCOUNT_SID": "AC123"}, "TWILIO_AUTH_TOKEN"),
        ({"TWILIO_AUTH_TOKEN": "token", "TWILIO_FROM": "+1500"}, "TWILIO_ACCOUNT_SID"),
        # Codes printed to a production log would let its readers sign in.
        ({"SMS_PROVIDER": "console"}, "SMS_PROVIDER"),
    ],
)
def test_production_refuses_half_a_provider_setup(given, missing):
    result = run_manage(
        "check", settings_module="portal.settings.production", **PRODUCTION_ENV, **given
    )

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        settings_module="portal.settings.production", **PRODUCTION_ENV,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_defaults_need_no_outside_service():
    values = read_settings(
        "[s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.CHANNEL_LAYERS['default']['BACKEND'], s.EMAIL_BACKEND, "
        "type(d.public).__name__, type(d.private).__name__, "
        "s.TASKS['default']['BACKEND'], "
        "s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], "
        "s.SESSION_ENGINE, str(s.DATABASES['default']['NAME'])]"
    )

    assert values[:9] == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "channels.layers.InMemoryChannelLayer",
        "django.core.mail.backends.console.EmailBackend",
        "FileSystemStorage",
        "PrivateFileSystemStorage",
        "django_tasks_db.DatabaseBackend",
        "wagtail.search.backends.database",
        "django.contrib.sessions.backends.db",
    ]
    assert values[9] == str(settings.BASE_DIR / "var" / "db.sqlite3")


@pytest.mark.parametrize(
    ("backend", "module"),
    [("", "elasticsearch8"), ("opensearch2", "opensearch2")],
)
def test_search_url_switches_to_a_search_cluster(backend, module):
    env = {"SEARCH_URL": "https://lectern:secret@search.internal:9200"}
    if backend:
        env["SEARCH_BACKEND"] = backend

    values = read_settings("s.WAGTAILSEARCH_BACKENDS['default']", **env)

    assert values == {
        "BACKEND": f"wagtail.search.backends.{module}",
        "URLS": ["https://lectern:secret@search.internal:9200"],
        "INDEX_PREFIX": "lectern_",
        "TIMEOUT": 5,
    }


def test_an_unknown_search_backend_refuses_to_start():
    result = run_manage(
        "check",
        settings_module="portal.settings.dev",
        SEARCH_URL="https://search.internal:9200",
        SEARCH_BACKEND="solr",
    )

    assert result.returncode != 0
    assert "SEARCH_BACKEND must be one of" in result.stderr


@pytest.mark.parametrize("rate", ["5", "5/0", "five/600", "5/600s"])
def test_a_malformed_community_rate_refuses_to_start(rate):
    result = run_manage(
        "check", settings_module="portal.settings.dev", COMMUNITY_LIKE_RATE=rate
    )

    assert result.returncode != 0
    assert f'COMMUNITY_LIKE_RATE is "count/seconds", such as "60/60", not "{rate}"' in (
        result.stderr
    )


def test_database_url_switches_to_postgresql():
    values = read_settings(
        "[s.DATABASES['default'][k] for k in ('ENGINE', 'NAME', 'HOST', 'PORT')]",
        DATABASE_URL="postgres://lectern:secret@db.internal:5433/lectern",
    )

    assert values == ["django.db.backends.postgresql", "lectern", "db.internal", 5433]


def test_redis_url_switches_cache_channel_layer_and_sessions():
    values = read_settings(
        "[s.CACHES['default'], s.CHANNEL_LAYERS['default'], s.SESSION_ENGINE]",
        REDIS_URL="redis://cache.internal:6379/2",
    )

    assert values == [
        {
            "BACKEND": "portal.redis_cache.KeptClientRedisCache",
            "LOCATION": "redis://cache.internal:6379/2",
        },
        {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://cache.internal:6379/2"]},
        },
        "django.contrib.sessions.backends.cached_db",
    ]


def test_cloudinary_url_switches_media_storage():
    values = read_settings(
        "[type(d.public).__module__ + '.' + type(d.public).__name__, "
        "type(d.private).__name__, __import__('cloudinary').config().cloud_name]",
        CLOUDINARY_URL="cloudinary://123456:abcdef@lectern-demo",
    )

    assert values == [
        "cloudinary_storage.storage.RawMediaCloudinaryStorage",
        "AuthenticatedRawCloudinaryStorage",
        "lectern-demo",
    ]


def test_cloudinary_url_puts_the_media_library_on_cloudinary():
    values = read_settings(
        "[type(storages[alias]).__name__ "
        "for alias in ('media_library', 'media_library_private')]",
        CLOUDINARY_URL="cloudinary://123456:abcdef@lectern-demo",
    )

    assert values == ["CloudinaryLibraryStorage", "AuthenticatedCloudinaryStorage"]


def test_email_url_configures_smtp():
    values = read_settings(
        "[s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, "
        "s.EMAIL_HOST_USER]",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587",
    )

    assert values == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        587,
        True,
        "mailer",
    ]


# Operations: logs, ADMINS, Sentry.


def test_production_logs_one_json_object_a_line_with_the_request_id():
    code = (
        "import logging; from django_guid import set_guid; set_guid('4f0c2e6a'); "
        "logging.getLogger('django').warning('Disk %s full', 'var')"
    )

    result = run_manage(
        "shell", "--no-imports", "-c", code,
        settings_module="portal.settings.production", **PRODUCTION_ENV,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line.pop("time")
    assert line == {
        "level": "WARNING",
        "logger": "django",
        "request_id": "4f0c2e6a",
        "message": "Disk var full",
    }


def test_admins_come_from_the_environment():
    admins = read_settings(
        "s.ADMINS", ADMINS="Ada Ops <ada@example.com>, oncall@example.com"
    )

    assert admins == [["Ada Ops", "ada@example.com"], ["", "oncall@example.com"]]


def test_a_malformed_admins_list_refuses_to_start():
    result = run_manage("check", settings_module="portal.settings.dev", ADMINS="ops")

    assert result.returncode != 0
    assert "ADMINS lists" in result.stderr


def test_sentry_dsn_switches_on_error_reports():
    client = "__import__('sentry_sdk').get_client()"

    off = read_settings(f"{client}.is_active()")
    on = read_settings(
        f"[{client}.is_active(), {client}.should_send_default_pii(), "
        f"'django' in {client}.integrations]",
        SENTRY_DSN="https://public@sentry.example.com/1",
    )

    assert off is False
    assert on == [True, False, True]
