"""The sandbox networks run as their own process with their own database, like a real network would."""

from config.settings import *  # noqa: F403
from config.settings import SANDBOX_DATABASE_URL, _database

DATABASES = {"default": _database(SANDBOX_DATABASE_URL)}
ROOT_URLCONF = "clearpost.sandbox.urls"
