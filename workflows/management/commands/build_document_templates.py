"""Write each generated document's default template (workflows/documents/templates/<code>.docx) from the layout
code. Run after changing a document's layout; the files are committed, and an office may replace any of them with
its own wording in the admin ("Mẫu văn bản")."""

import io

from django.core.management.base import BaseCommand

from workflows.documents import engine


class Command(BaseCommand):
    help = "Ghi lại các mẫu văn bản mặc định (.docx) từ mã bố cục."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra mỗi loại văn bản đã có mẫu mặc định.")

    def handle(self, *args, check=False, **options):
        engine.TEMPLATE_DIR.mkdir(exist_ok=True)
        missing = []
        for kind in engine.kinds():
            if check:
                if not kind.path.exists():
                    missing.append(kind.code)
                continue
            out = io.BytesIO()
            kind.build().save(out)
            kind.path.write_bytes(out.getvalue())
            self.stdout.write(f"{kind.path.relative_to(engine.TEMPLATE_DIR.parent.parent.parent)}")
        if missing:
            raise SystemExit("Thiếu mẫu mặc định: " + ", ".join(missing))
