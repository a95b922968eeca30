"""Clearpost settings. Every value comes from the environment through the typed helpers in config/env.py;
the README lists each one."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from config.env import env_bool, env_int, env_list, env_str, secret_from_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CLEARPOST_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_from_file("SECRET_KEY", VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PUBLIC_URL = env_str("CLEARPOST_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Our apps first: clearpost.policy's `check` command extends Django's.
    "clearpost.core",
    "clearpost.accounts",
    "clearpost.policy",
    "clearpost.archive",
    "clearpost.training",
    "clearpost.entitlements",
    "clearpost.library",
    "clearpost.markets",
    "clearpost.connectors",
    "clearpost.posts",
    "clearpost.review",
    "clearpost.publishing",
    "clearpost.sandbox",
    "clearpost.supervision",
    "clearpost.api",
    "clearpost.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clearpost.web.context_processors.navigation",
            ],
        },
    },
]


# FULL by default: an acknowledged archive record survives a power cut. Throw-away test databases use OFF.
SQLITE_SYNCHRONOUS = env_str("CLEARPOST_SQLITE_SYNCHRONOUS", "FULL").upper()
if SQLITE_SYNCHRONOUS not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
    raise ValueError(f"CLEARPOST_SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA, got {SQLITE_SYNCHRONOUS!r}")


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of deadlocking.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS}; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        # Persistent connections: without them request throughput drops several-fold on PostgreSQL.
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        # Parameters bound by the server, and a statement run five times on a connection prepared: PostgreSQL parses
        # the queue's queries once per connection and, where a generic plan is no worse, stops planning them on every
        # request (planning some cost more than running them). Behind a pooler that cannot keep prepared statements
        # (PgBouncer in transaction mode before 1.21) set DATABASE_PREPARED_STATEMENTS=0.
        config["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 5 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None,
        }
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'clearpost.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["clearpost.accounts.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGIN_LOCKOUT_THRESHOLD = env_int("CLEARPOST_LOGIN_LOCKOUT_THRESHOLD", 5)
LOGIN_LOCKOUT_MINUTES = env_int("CLEARPOST_LOGIN_LOCKOUT_MINUTES", 15)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Front-end assets come from npm packages at install time (see package.json), never from the repo.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "clearpost.web.finders.VendorFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "publishing"]}}

# HTTPS deployments (CLEARPOST_HTTPS=1) get the full set of transport protections; the demo runs on plain
# http://127.0.0.1 and cannot use secure-only cookies.
HTTPS = env_bool("CLEARPOST_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("CLEARPOST_BEHIND_PROXY", False) else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("CLEARPOST_SESSION_SECONDS", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Network endpoints. In the demo and in tests they point at the sandbox networks; in production at the real
# APIs. No code path differs between the two.
SANDBOX_URL = env_str("CLEARPOST_SANDBOX_URL", "http://127.0.0.1:8001").rstrip("/")
X_API_BASE = env_str("CLEARPOST_X_API_BASE", f"{SANDBOX_URL}/x").rstrip("/")
X_WEB_BASE = env_str("CLEARPOST_X_WEB_BASE", f"{SANDBOX_URL}/x").rstrip("/")
CONNECTOR_TIMEOUT_SECONDS = float(env_str("CLEARPOST_CONNECTOR_TIMEOUT", "10"))
# An account is left alone this long after a call whose answer never came (a timeout, a dropped connection, a
# worker killed mid-call): the network may still handle that call, and its answer may announce a rate-limit window.
CONNECTOR_COOLDOWN_SECONDS = float(env_str("CLEARPOST_CONNECTOR_COOLDOWN", "5"))
TOKEN_KEY = secret_from_file("CLEARPOST_TOKEN_KEY", VAR_DIR / "token_key", 32)
SANDBOX_DATABASE_URL = env_str("SANDBOX_DATABASE_URL", f"sqlite:///{VAR_DIR / 'sandbox.sqlite3'}")

PUBLISH_MAX_ATTEMPTS = env_int("CLEARPOST_PUBLISH_MAX_ATTEMPTS", 6)
DELIVERY_LEASE_SECONDS = env_int("CLEARPOST_DELIVERY_LEASE_SECONDS", 120)
# Longest wait between two attempts of one delivery (the backoff doubles up to it).
PUBLISH_BACKOFF_MAX_SECONDS = env_int("CLEARPOST_PUBLISH_BACKOFF_MAX_SECONDS", 300)
# One task per delivery for `clearpost worker` (the default). Deployments that run `clearpost publisher` processes
# (they poll the outbox and send in batches) set CLEARPOST_PUBLISH_TASKS=0 so the worker does not compete.
PUBLISH_TASKS = env_bool("CLEARPOST_PUBLISH_TASKS", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Archive: checkpoints are signed with a key kept outside the database and written outside it too.
ARCHIVE_CHECKPOINT_DIR = Path(env_str("CLEARPOST_ARCHIVE_CHECKPOINT_DIR", str(VAR_DIR / "checkpoints")))
ARCHIVE_SIGNING_KEY_FILE = Path(env_str("CLEARPOST_ARCHIVE_SIGNING_KEY_FILE", str(VAR_DIR / "archive_signing_key")))
ARCHIVE_CHECKPOINT_EVERY_SECONDS = env_int("CLEARPOST_ARCHIVE_CHECKPOINT_EVERY_SECONDS", 3600)
ARCHIVE_EXPORT_DIR = Path(env_str("CLEARPOST_ARCHIVE_EXPORT_DIR", str(VAR_DIR / "exports")))
# A second, independent copy of the archive (record files + checkpoints); empty = not replicated.
ARCHIVE_REPLICA_DIR = env_str("CLEARPOST_ARCHIVE_REPLICA_DIR", "")

# Other networks (sandbox by default) and capture.
LINKEDIN_API_BASE = env_str("CLEARPOST_LINKEDIN_API_BASE", f"{SANDBOX_URL}/linkedin").rstrip("/")
LINKEDIN_VERSION = env_str("CLEARPOST_LINKEDIN_VERSION", "202511")
MASTODON_API_BASE = env_str("CLEARPOST_MASTODON_API_BASE", f"{SANDBOX_URL}/mastodon").rstrip("/")
CAPTURE_INTERVAL_SECONDS = env_int("CLEARPOST_CAPTURE_INTERVAL_SECONDS", 60)
METRICS_INTERVAL_SECONDS = env_int("CLEARPOST_METRICS_INTERVAL_SECONDS", 900)
# OAuth app credentials per network (the sandbox accepts the defaults; production sets real ones).
X_CLIENT_ID = env_str("CLEARPOST_X_CLIENT_ID", "clearpost-sandbox")
X_CLIENT_SECRET = env_str("CLEARPOST_X_CLIENT_SECRET", "")
LINKEDIN_CLIENT_ID = env_str("CLEARPOST_LINKEDIN_CLIENT_ID", "clearpost-sandbox")
LINKEDIN_CLIENT_SECRET = env_str("CLEARPOST_LINKEDIN_CLIENT_SECRET", "")
LINKEDIN_AUTH_BASE = env_str("CLEARPOST_LINKEDIN_AUTH_BASE", "")
MASTODON_CLIENT_ID = env_str("CLEARPOST_MASTODON_CLIENT_ID", "clearpost-sandbox")
MASTODON_CLIENT_SECRET = env_str("CLEARPOST_MASTODON_CLIENT_SECRET", "")

# E-mail: written to files under var/mail by default (the demo has no mail server); production sets SMTP.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Clearpost <clearpost@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Review queue jobs (issue 7): escalation of overdue reviews, queue-depth snapshots, principals' digests.
REVIEW_ESCALATE_EVERY_SECONDS = env_int("CLEARPOST_REVIEW_ESCALATE_EVERY_SECONDS", 60)
REVIEW_SNAPSHOT_EVERY_SECONDS = env_int("CLEARPOST_REVIEW_SNAPSHOT_EVERY_SECONDS", 300)
REVIEW_DIGEST_EVERY_SECONDS = env_int("CLEARPOST_REVIEW_DIGEST_EVERY_SECONDS", 3600)
