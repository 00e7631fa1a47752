"""The eligibility rules as data: workflows/data/eligibility.yaml loaded into the database, editable in the admin,
read back into the same rule book the pure judging code takes. Issue 10: "rules can be added or dated in the
admin without code"; brief §0: every rule carries its dates and citation, one version judges a dossier."""

import datetime
import json

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from workflows.models import EligibilityRule, LawPeriod
from workflows.rules.eligibility import judge
from workflows.rules.facts import NomineeFacts, Proposal
from workflows.rules.rulebook import DATA_FILE, KINDS, RuleDataError, rulebook_from_data, rulebook_load
from workflows.selectors import rulebook_current
from workflows.services import eligibility_rules_load, reference_data_load

pytestmark = pytest.mark.django_db

ADD = reverse("admin:workflows_eligibilityrule_add")


def change_url(rule: EligibilityRule) -> str:
    return reverse("admin:workflows_eligibilityrule_change", args=[rule.pk])


def form_data(**values) -> dict:
    """What an officer types into the rule form (params and applies_to as JSON, dates as the admin takes them)."""
    data = {
        "code": "",
        "title": "",
        "scope": "individual",
        "kind": "rating_gate",
        "params": "{}",
        "effective_from": "",
        "effective_to": "",
        "citation": "",
        "basis": "stated",
        "severity": "blocks",
        "applies_to": "[]",
        "note": "",
        "order": "0",
    }
    data.update(values)
    return data


def rule_form_data(rule: EligibilityRule, **changes) -> dict:
    data = form_data(
        code=rule.code,
        title=rule.title,
        scope=rule.scope,
        kind=rule.kind,
        params=json.dumps(rule.params),
        effective_from=rule.effective_from.isoformat(),
        effective_to=rule.effective_to.isoformat() if rule.effective_to else "",
        citation=rule.citation,
        basis=rule.basis,
        severity=rule.severity,
        applies_to=json.dumps(rule.applies_to),
        note=rule.note,
        order=str(rule.order),
    )
    return {**data, **changes}


def form_errors(response) -> list[str]:
    assert response.status_code == 200, "the form is shown again with its errors, not saved"
    form = response.context["adminform"].form
    return [message for messages in form.errors.values() for message in messages]


def ldtt(rating: str, year: int):
    return judge(
        book=rulebook_current(),
        subject=NomineeFacts("NV001", ratings={year: rating}, employed_from=datetime.date(2020, 1, 1)),
        proposal=Proposal("LDTT", year),
    )


def codes(judgement) -> set[str]:
    return {finding.code for finding in judgement.findings}


def test_the_rules_file_loads_into_the_tables_and_reads_back_as_the_same_rule_book():
    reference_data_load()
    from_file = rulebook_load()
    from_rows = rulebook_current()

    assert EligibilityRule.objects.count() == len(from_file.rules) >= 25
    assert LawPeriod.objects.count() == len(from_file.periods) == 3
    assert from_rows.rules == from_file.rules
    assert from_rows.periods == from_file.periods
    assert dict(from_rows.titles) == dict(from_file.titles)
    assert from_rows.ratings == from_file.ratings
    assert all(rule.shipped and rule.changed_at is None for rule in EligibilityRule.objects.all())


def test_the_rule_kinds_offered_in_the_admin_are_the_kinds_the_judging_code_knows():
    assert tuple(EligibilityRule.Kind.values) == KINDS


def test_reading_the_rule_book_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    reference_data_load()
    with django_assert_max_num_queries(2):
        rulebook_current()


def test_loading_again_changes_nothing_and_keeps_a_rule_added_in_the_admin(admin_client):
    reference_data_load()
    response = admin_client.post(
        ADD,
        form_data(
            code="LDTT.excellence.2025",
            title="LDTT",
            kind="excellence",
            params='{"rating": "htxsnv", "initiative_level": "co_so"}',
            effective_from="2025-01-01",
            citation="Quy chế thi đua của Ban năm 2025 Đ5",
        ),
    )
    assert response.status_code == 302
    before = list(EligibilityRule.objects.order_by("code").values())

    reference_data_load()

    assert list(EligibilityRule.objects.order_by("code").values()) == before
    added = EligibilityRule.objects.get(code="LDTT.excellence.2025")
    assert not added.shipped and added.changed_by.is_superuser


def test_a_fix_in_the_file_updates_a_shipped_rule_in_place(tmp_path):
    reference_data_load()
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    row = next(row for row in data["rules"] if row["id"] == "LDTT.rating_gate.2024")
    row["citation"] = "Luật TĐKT 2022 Đ24 k1 điểm a"
    path = tmp_path / "eligibility.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    eligibility_rules_load(path=path)

    assert EligibilityRule.objects.get(code="LDTT.rating_gate.2024").citation == "Luật TĐKT 2022 Đ24 k1 điểm a"
    assert EligibilityRule.objects.filter(code="LDTT.rating_gate.2024").count() == 1


def test_a_bad_row_in_the_file_is_named_in_vietnamese_and_nothing_is_loaded(tmp_path):
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["rules"][-1]["kind"] = "favourite_colour"
    path = tmp_path / "eligibility.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(ValidationError) as error:
        eligibility_rules_load(path=path)

    message = " ".join(error.value.messages)
    assert "Quy định xét điều kiện không hợp lệ" in message
    assert data["rules"][-1]["id"] in message and "favourite_colour" in message
    assert not EligibilityRule.objects.exists() and not LawPeriod.objects.exists()


def test_a_rule_added_in_the_admin_changes_the_judgement_of_its_years(admin_client):
    """A Ban's own 2026 rule (stated in its regulation) for LĐTT: from 2026 a rating alone is not enough."""
    reference_data_load()
    assert codes(ldtt("httnv", 2025)) == set()
    assert "excellence_missing" not in codes(ldtt("httnv", 2026))

    response = admin_client.post(
        ADD,
        form_data(
            code="LDTT.excellence.2026",
            title="LDTT",
            kind="excellence",
            params='{"rating": "htxsnv", "initiative_level": "co_so", "science_counts": true}',
            effective_from="2026-01-01",
            citation="Quy chế thi đua của Ban năm 2026 Đ5",
        ),
    )

    assert response.status_code == 302
    judgement = ldtt("httnv", 2026)
    (finding,) = [f for f in judgement.findings if f.code == "excellence_missing"]
    assert judgement.blocked and finding.citation == "Quy chế thi đua của Ban năm 2026 Đ5"
    assert codes(ldtt("httnv", 2025)) == set(), "a 2025 dossier is still judged by 2025's rules"
    assert not ldtt("htxsnv", 2026).blocked


def test_a_closed_rule_no_longer_applies_after_its_date_and_a_new_version_takes_over(admin_client):
    """Dating a rule in the admin: close LĐTT's rating gate at the end of 2025 and start a stricter one in 2026;
    a load from the file afterwards keeps the officer's dates."""
    reference_data_load()
    gate = EligibilityRule.objects.get(code="LDTT.rating_gate.2024")
    assert "rating_below" in codes(ldtt("htnv", 2026))

    response = admin_client.post(change_url(gate), rule_form_data(gate, effective_to="2025-12-31"))
    assert response.status_code == 302

    assert "rating_below" not in codes(ldtt("htnv", 2026))
    assert "rating_below" in codes(ldtt("htnv", 2025))

    response = admin_client.post(
        ADD,
        form_data(
            code="LDTT.rating_gate.2026",
            title="LDTT",
            params='{"min_rating": "htxsnv"}',
            effective_from="2026-01-01",
            citation="Quy chế thi đua của Ban năm 2026 Đ4",
        ),
    )
    assert response.status_code == 302
    assert "rating_below" in codes(ldtt("httnv", 2026))
    assert "rating_below" not in codes(ldtt("httnv", 2025))

    reference_data_load()

    assert EligibilityRule.objects.get(code="LDTT.rating_gate.2024").effective_to == datetime.date(2025, 12, 31)
    assert "rating_below" in codes(ldtt("httnv", 2026))


def test_a_rule_overlapping_one_in_force_is_refused_in_vietnamese(admin_client):
    reference_data_load()
    response = admin_client.post(
        ADD,
        form_data(
            code="LDTT.rating_gate.2026",
            title="LDTT",
            params='{"min_rating": "htxsnv"}',
            effective_from="2026-01-01",
            citation="Quy chế thi đua của Ban năm 2026 Đ4",
        ),
    )

    (error,) = form_errors(response)
    assert "LDTT.rating_gate.2026: trùng thời gian áp dụng với quy định LDTT.rating_gate.2024" in error
    assert not EligibilityRule.objects.filter(code="LDTT.rating_gate.2026").exists()


def test_an_every_title_rule_overlapping_a_titles_own_is_refused():
    """Brief §0: a rule for every title of a scope also judges each title, so it may not overlap a title's own
    rule of the same kind."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["rules"].append(
        {
            "id": "ALL.rating_gate.2025",
            "title": None,
            "scope": "individual",
            "kind": "rating_gate",
            "params": {"min_rating": "htnv"},
            "effective_from": datetime.date(2025, 1, 1),
            "citation": "thử",
            "basis": "stated",
            "severity": "blocks",
        }
    )
    with pytest.raises(RuleDataError, match="trùng thời gian áp dụng"):
        rulebook_from_data(data)


def test_a_rule_without_a_citation_is_refused_in_vietnamese(admin_client):
    reference_data_load()
    response = admin_client.post(
        ADD,
        form_data(
            code="LDTT.excellence.2026",
            title="LDTT",
            kind="excellence",
            params='{"rating": "htxsnv", "initiative_level": "co_so"}',
            effective_from="2026-01-01",
            citation="   ",
        ),
    )

    assert form_errors(response) == ["Trường này là bắt buộc."]
    assert not EligibilityRule.objects.filter(code="LDTT.excellence.2026").exists()


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"params": "{}"}, "params thiếu “min_rating”"),
        ({"basis": "inferred"}, "chỉ được cảnh báo (warns)"),
        ({"params": '{"min_rating": "gioi"}'}, "params “min_rating” phải là một xếp loại trong htxsnv"),
        ({"params": '["httnv"]'}, "params phải là một bảng khóa – giá trị"),
        ({"applies_to": '"vien_chuc"'}, "applies_to phải là một danh sách"),
        ({"kind": "chain", "params": '{"routes": [{"years": 2}]}'}, "đúng một trong title hoặc rating"),
        (
            {"kind": "chain", "params": '{"routes": [{"title": "NOBEL", "years": 2}]}'},
            "title là một mã danh hiệu trong",
        ),
    ],
)
def test_a_rule_the_judging_code_could_not_read_is_refused_in_vietnamese(admin_client, values, words):
    reference_data_load()
    data = form_data(
        code="GK_TRUONG_BAN.x.2027",
        title="CSTD_TINH",
        params='{"min_rating": "htxsnv"}',
        effective_from="2027-03-01",
        citation="Nghị định mới (thử)",
    )
    data.update(values)

    errors = form_errors(admin_client.post(ADD, data))

    assert any(words in error for error in errors), errors


def test_an_officer_reading_english_is_told_in_english_what_a_rule_lacks(admin_client):
    """The loader's check messages are in the catalogue: the admin words them in the officer's language."""
    reference_data_load()
    data = form_data(
        code="GK_TRUONG_BAN.x.2027",
        title="CSTD_TINH",
        params='{"min_rating": "gioi"}',
        effective_from="2027-03-01",
        citation="Nghị định mới (thử)",
    )
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(settings.LANGUAGE_CODE):
        errors = form_errors(admin_client.post(ADD, data))

    assert "GK_TRUONG_BAN.x.2027: params “min_rating” must be a rating among htxsnv, httnv" in " ".join(errors), errors
    assert not any("phải là" in error for error in errors)
    assert not EligibilityRule.objects.filter(code="GK_TRUONG_BAN.x.2027").exists()


def test_a_shipped_rule_cannot_be_deleted_but_an_added_one_can(admin_client):
    reference_data_load()
    shipped = EligibilityRule.objects.get(code="LDTT.rating_gate.2024")
    delete = reverse("admin:workflows_eligibilityrule_delete", args=[shipped.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert EligibilityRule.objects.filter(pk=shipped.pk).exists()

    admin_client.post(
        ADD,
        form_data(
            code="LDTT.excellence.2026",
            title="LDTT",
            kind="excellence",
            params='{"rating": "htxsnv", "initiative_level": "co_so"}',
            effective_from="2026-01-01",
            citation="Quy chế thi đua của Ban năm 2026 Đ5",
        ),
    )
    added = EligibilityRule.objects.get(code="LDTT.excellence.2026")
    delete = reverse("admin:workflows_eligibilityrule_delete", args=[added.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not EligibilityRule.objects.filter(pk=added.pk).exists()


def test_the_rule_list_filters_by_title_kind_day_in_force_and_basis_and_searches_citations(admin_client):
    reference_data_load()
    url = reverse("admin:workflows_eligibilityrule_changelist")

    def listed(**query):
        response = admin_client.get(url, query)
        assert response.status_code == 200
        return {rule.code for rule in response.context["cl"].result_list}

    assert listed(title="LDTT") == {"LDTT.rating_gate.2024"}
    assert listed(kind="chain", basis="inferred") == {"BK_TINH.collective_chain.2024", "BK_BO.collective_chain.2024"}
    in_2024 = listed(in_force_on="2024-12-31", kind="rating_quota")
    assert in_2024 == {"HTXSNV.rating_quota.2024"}
    assert "ALL.hold_pending.2025" in listed(title="-", in_force_on="2026-12-31")
    assert listed(q="Đ28 k1 điểm c") == {"TTLDTT.members_title_share.2024", "TTLDTT.members_discipline.2024"}


def test_the_rule_and_period_pages_of_the_admin_open_in_both_languages(admin_client):
    reference_data_load()
    rule = EligibilityRule.objects.get(code="CSTD_TINH.chain.2024")
    period = LawPeriod.objects.get(code="ND152")
    urls = [
        reverse("admin:workflows_eligibilityrule_changelist"),
        ADD,
        change_url(rule),
        reverse("admin:workflows_lawperiod_changelist"),
        reverse("admin:workflows_lawperiod_change", args=[period.pk]),
    ]
    for language, words in (("vi", "quy định xét điều kiện"), ("en", "eligibility rule")):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        # The locale middleware leaves the request's language active; the tests after this one read Vietnamese.
        with translation.override(settings.LANGUAGE_CODE):
            for url in urls:
                response = admin_client.get(url)
                assert response.status_code == 200, (url, language)
            assert words in admin_client.get(urls[0]).content.decode().lower()


def test_a_period_of_law_added_in_the_admin_judges_its_years_and_one_overlapping_another_is_refused(admin_client):
    """NĐ 152/2025 Đ60 k1: the decree expires on 01/03/2027; its successor is added as a period when it is known."""
    reference_data_load()
    add = reverse("admin:workflows_lawperiod_add")
    period = {
        "code": "ND_MOI_2027",
        "name": "Nghị định thay NĐ 152/2025",
        "effective_from": "2027-02-01",
        "effective_to": "",
        "citation": "Nghị định mới (thử)",
        "basis": "inferred",
        "verified": "",
    }
    (error,) = form_errors(admin_client.post(add, period))
    assert "ND_MOI_2027: thời kỳ áp dụng pháp luật trùng ngày với thời kỳ LUAT_06_2026" in error
    assert "law_period_unknown" in codes(ldtt("httnv", 2027))

    assert admin_client.post(add, {**period, "effective_from": "2027-03-01"}).status_code == 302

    assert rulebook_current().period_on(datetime.date(2027, 12, 31)).code == "ND_MOI_2027"
    assert "law_period_unverified" in codes(ldtt("httnv", 2027))
