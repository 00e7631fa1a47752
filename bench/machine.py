"""What every benchmark prints about where it ran: the machine, the software, the database, the load."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version

import django
from django.conf import settings
from django.db import connection


def db_description() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return f"{connection.display_name} {'.'.join(map(str, connection.get_database_version()))}"


def machine_lines(*, packages: tuple[str, ...] = ("django-viewflow",), database_note: str = "") -> list[str]:
    memory = ""
    try:
        with open("/proc/meminfo") as fh:
            kib = int(fh.readline().split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    software = ", ".join(f"{name} {version(name)}" for name in packages)
    return [
        f"machine    {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs{memory}",
        f"python     {platform.python_implementation()} {platform.python_version()}; Django {django.get_version()}, "
        f"{software}",
        f"database   {db_description()} ({settings.DATABASES['default']['NAME']}); "
        f"settings {os.environ['DJANGO_SETTINGS_MODULE']}, DEBUG={settings.DEBUG}{database_note}",
    ]


def load_line() -> str:
    try:
        return "load avg   {:.2f} {:.2f} {:.2f} (1, 5, 15 min)".format(*os.getloadavg())
    except OSError:
        return "load avg   unknown"
