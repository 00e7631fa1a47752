"""Compile every locale/*/LC_MESSAGES/*.po into its .mo with polib.

Pure Python, so `make run` needs no GNU gettext on a fresh machine.
Usage: python -m config.compile_translations
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def main() -> int:
    count = 0
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
        print(f"{po_path.relative_to(LOCALE_DIR)}: {len(catalogue.translated_entries())} chuỗi đã dịch")
    if count == 0:
        print("Không tìm thấy tệp .po nào trong locale/.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
