"""Every string follows the language of the request: no translation is looked up when a module is imported.

`gettext("…")` in a class body, a module-level constant, a default argument or a decorator runs once, at import,
in whatever language is active then (Vietnamese) — the page then keeps it whatever the reader chose. Such text
must be `gettext_lazy` (and never forced into a `str` at import) or be translated inside the function that
renders it. This scan reads the source, so it needs no page to show the string.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "people", "notifications", "workflows")
TRANSLATION_MODULE = "django.utils.translation"
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


def _translation_names(tree: ast.Module) -> tuple[set[str], set[str], set[str]]:
    """The names the module binds to eager and lazy gettext, and to the translation module itself."""
    eager, lazy, modules = set(), set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == TRANSLATION_MODULE:
            for alias in node.names:
                if alias.name in EAGER:
                    eager.add(alias.asname or alias.name)
                elif alias.name in LAZY:
                    lazy.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module == "django.utils":
            modules.update(alias.asname or alias.name for alias in node.names if alias.name == "translation")
        elif isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name for alias in node.names if alias.name == TRANSLATION_MODULE)
    return eager, lazy, modules


def translations_at_import(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, what) for each translation evaluated when the module is imported: an eager gettext call, or a lazy
    one forced into a string (str(), an f-string, %, +, or a method such as .format()) outside any function."""
    tree = ast.parse(source, filename)
    eager, lazy, modules = _translation_names(tree)
    found: list[tuple[int, str]] = []

    def called_name(call: ast.Call) -> str | None:
        if isinstance(call.func, ast.Name):
            return call.func.id
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in modules:
            return func.attr
        return None

    def forces(parent: ast.AST | None, node: ast.AST) -> bool:
        if isinstance(parent, (ast.FormattedValue, ast.BinOp, ast.Attribute)):
            return True
        return (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and parent.func.id == "str"
            and node in parent.args
        )

    def visit(node: ast.AST, parent: ast.AST | None) -> None:
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name in eager or (name in EAGER and isinstance(node.func, ast.Attribute)):
                found.append((node.lineno, f"{name}() at import"))
            elif (name in lazy or (name in LAZY and isinstance(node.func, ast.Attribute))) and forces(parent, node):
                found.append((node.lineno, f"{name}() forced to a string at import"))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            # The body runs when called; decorators and default values run at import.
            evaluated_now = [*getattr(node, "decorator_list", []), *node.args.defaults]
            evaluated_now += [default for default in node.args.kw_defaults if default is not None]
            for child in evaluated_now:
                visit(child, node)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, node)

    visit(tree, None)
    return found


def test_the_scan_finds_translations_made_at_import_and_ignores_those_made_in_functions():
    source = """
from django.utils.translation import gettext as _, gettext_lazy
from django.utils import translation

TITLES = {"inbox": _("Việc của tôi")}
LABEL = str(gettext_lazy("Hồ sơ"))
HEADING = f"{gettext_lazy('Hồ sơ')}!"
LAZY_IS_FINE = gettext_lazy("Hồ sơ")


class View:
    title = translation.gettext("Hàng chờ")
    lazy_title = gettext_lazy("Hàng chờ")

    def get(self, request, label=_("Mặc định")):
        return _("Việc đã xử lý"), str(gettext_lazy("Hồ sơ"))


later = lambda: _("Sau")
"""
    assert [line for line, _ in translations_at_import(source)] == [5, 6, 7, 12, 15]


def _project_modules() -> list[Path]:
    return sorted(path for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("path", _project_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_translation_is_made_when_a_module_is_imported(path):
    found = translations_at_import(path.read_text(encoding="utf-8"), str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not found, "\n".join(
        f"{path.relative_to(ROOT)}:{line}: {what}: {lines[line - 1].strip()}" for line, what in found
    )
