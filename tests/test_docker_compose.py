"""docker-compose.yml: every service's command points at something in the project, and the variables
it sets are the ones the settings read (no Docker engine runs here, so the file is checked by reading)."""

import re
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = {"web", "worker", "beat"}


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _settings_variables() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "config" / "settings").glob("*.py"))
    return set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_]+)\"", source)) | set(
        re.findall(r"\"([A-Z_]+)\" (?:not )?in env\.ENVIRON", source)
    )


def _module_exists(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_the_stack_has_its_services_with_health_checks_and_named_volumes():
    compose = _compose()
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis", "mailpit"} <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service or name == "beat", f"{name} has no health check"
    named = set(compose["volumes"])
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in named, f"{name} mounts {source}, which is not a named volume"


def test_exactly_one_beat_runs():
    services = _compose()["services"]
    beats = [n for n, s in services.items() if "beat" in str(s.get("command", ""))]
    assert beats == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_every_command_points_at_something_that_exists():
    services = _compose()["services"]
    commands = get_commands()
    for name in APP_SERVICES:
        command = services[name]["command"]
        command = command if isinstance(command, str) else " ".join(command)
        for part in re.split(r"&&|;", command.removeprefix("sh -c ").strip("\"'")):
            words = shlex.split(part.strip().strip("\"'"))
            if not words:
                continue
            if words[:2] == ["python", "manage.py"]:
                assert words[2] in commands, f"{name}: no management command {words[2]}"
            elif words[0] == "celery":
                app = words[words.index("-A") + 1]
                assert _module_exists(f"{app}.celery"), f"{name}: no Celery app {app}"
                assert words[3] in ("worker", "beat")
            elif words[0] == "gunicorn":
                module, _, attr = words[1].partition(":")
                assert _module_exists(module), f"{name}: no module {module}"
                assert attr in (ROOT / (module.replace(".", "/") + ".py")).read_text()
            else:
                raise AssertionError(f"{name}: unexpected command {words[0]}")
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements.txt" in dockerfile and "config.wsgi:application" in dockerfile


def test_the_variables_compose_sets_are_the_ones_the_settings_read():
    read = _settings_variables() | {"DJANGO_SETTINGS_MODULE"}
    services = _compose()["services"]
    for name in APP_SERVICES:
        assert services[name]["env_file"] == ".env.compose"
        for variable in services[name].get("environment", {}):
            assert variable in read, f"{name} sets {variable}, which the settings never read"
    settings_module = services["web"]["environment"]["DJANGO_SETTINGS_MODULE"]
    assert _module_exists(settings_module)


def _example_variables(name: str, *, commented: bool = False) -> dict[str, str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    if commented:
        lines = [line.removeprefix("# ") for line in lines]
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line))


def test_compose_example_and_readme_document_every_variable_the_settings_read():
    read = _settings_variables()
    example = set(_example_variables(".env.compose.example"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert read <= example, f"missing from .env.example: {sorted(read - example)}"
    for variable in read:
        assert f"`{variable}`" in readme, f"{variable} is not in the README's table"
    assert example <= read | {"DJANGO_SETTINGS_MODULE"}, f"unknown in .env.compose.example: {sorted(example - read)}"
    assert (ROOT / ".env.compose.example").exists() and ".env.compose" in (ROOT / ".gitignore").read_text()


def test_the_local_example_copied_to_env_keeps_the_embedded_defaults():
    """`cp .env.example .env` must not point `make run` at compose's hosts: every line of it is a comment,
    and the variables it shows are ones the settings read, none naming a compose service."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert _example_variables(".env.example") == {}, "only comments: a copy changes nothing"
    shown = _example_variables(".env.example", commented=True)
    assert {"DATABASE_URL", "REDIS_URL", "EMAIL_URL"} <= set(shown) <= _settings_variables()
    for host in ("@postgres", "//redis", "mailpit", "/app/"):
        assert host not in text, host
