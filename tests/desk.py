"""A person at their desk: a logged-in browser session (Django's test client) working the inbox
through the web pages, as the tests of the flows drive them. Nothing here calls a service."""

from __future__ import annotations

import io
import re

from django.test import Client

from people.demo import DEMO_PASSWORD

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "tai-lieu.pdf", content: bytes = PDF_BYTES):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


class Desk:
    def __init__(self, username: str):
        self.username = username
        self.client = Client()
        response = self.client.post("/tai-khoan/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"đăng nhập {username} không thành công"

    # --- lists ---
    def rows(self, page: str = "queue", **filters) -> list[dict]:
        url = {"inbox": "/cases/", "queue": "/cases/hang-cho/", "archive": "/cases/da-xu-ly/"}[page]
        response = self.client.get(url, filters)
        assert response.status_code == 200
        return response.context["rows"]

    def task_for(self, case, *, page: str = "queue", step: str | None = None):
        for row in self.rows(page):
            if row.case.pk == case.pk and (step is None or row.task.flow_task.name == step):
                return row.task
        return None

    # --- actions ---
    def open_stage(self, year: int, kind: str):
        return self.client.post("/cases/ho-so/mo-dot/", {"nam": year, "loai": kind})

    def claim(self, task):
        return self.client.post(f"/cases/viec/{task.pk}/nhan/")

    def take(self, case, step: str | None = None):
        """Find the case's task in my inbox, or claim it from the queue; fail if neither has it."""
        task = self.task_for(case, page="inbox", step=step)
        if task is None:
            task = self.task_for(case, page="queue", step=step)
            assert task is not None, f"{self.username}: không thấy việc của hồ sơ {case.pk} trong hàng chờ"
            response = self.claim(task)
            assert response.status_code == 302, response.status_code
        return task

    def task_page(self, case, task):
        return self.client.get(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/")

    def post_step(self, case, task, data: dict, action: str = "submit", files: dict | None = None):
        payload = {
            "att-TOTAL_FORMS": "3",
            "att-INITIAL_FORMS": "0",
            "att-MIN_NUM_FORMS": "0",
            "att-MAX_NUM_FORMS": "10",
            "c-comment": "",
            "action": action,
            **data,
        }
        for key, value in (files or {}).items():
            payload[key] = value
        return self.client.post(f"/cases/ho-so/{case.pk}/buoc/{task.pk}/", payload)

    def decide(self, case, decision: str = "approve", reason: str = "", step: str | None = None):
        task = self.take(case, step)
        return self.post_step(case, task, {"d-decision": decision, "d-reason": reason})


def page_text(response) -> str:
    """The visible text of a page, tags stripped, whitespace folded."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())
