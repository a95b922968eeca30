"""Serve only the front-end files the templates use from the npm packages installed at install time (Pico
ships 239 CSS variants; collecting and compressing all of them would cost seconds on every deploy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

VENDOR_FILES: dict[str, str] = {
    "vendor/pico/pico.min.css": "@picocss/pico/css/pico.min.css",
    "vendor/htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
}


class VendorFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.root = Path(settings.NODE_MODULES)

    def check(self, **kwargs: Any) -> list[Error]:
        missing = [p for p in VENDOR_FILES.values() if not (self.root / p).exists()]
        if missing:
            return [Error(f"front-end packages are not installed: {', '.join(missing)}", hint="run `make install`",
                          id="clearpost.E001")]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        source = VENDOR_FILES.get(path)
        if source is None:
            return [] if find_all else ""
        found = str(self.root / source)
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Any:
        for name, source in VENDOR_FILES.items():
            directory = self.root / Path(source).parent
            storage = FileSystemStorage(location=str(directory))
            storage.prefix = str(Path(name).parent)  # type: ignore[attr-defined]
            yield Path(source).name, storage
