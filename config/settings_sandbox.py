"""The sandbox networks run as their own process with their own database, like a real network would."""

from config.settings import *  # noqa: F403
from config.settings import SANDBOX_DATABASE_URL, _database

DATABASES = {"default": _database(SANDBOX_DATABASE_URL)}
# A stand-in network answers API calls and nothing else: no per-request `SELECT 1` before each one (a connection
# that broke fails one call, which the connectors treat like any network error, and is then replaced).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
ROOT_URLCONF = "clearpost.sandbox.urls"
