"""Writes to campaigns and the rule catalogue. Each is one transaction and safe to repeat."""

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people import clock

from .models import AwardTitle, Campaign, DocumentKind, EligibilityRule, LawPeriod, Milestone, Target, TitleRule
from .rules.rulebook import DATA_FILE as RULES_FILE
from .rules.rulebook import RuleDataError, rulebook_from_data
from .selectors import law_period_data, rulebook_data

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read_yaml(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise ValidationError(_("Không tìm thấy tệp dữ liệu %(path)s.") % {"path": path}) from exc
    except yaml.YAMLError as exc:
        raise ValidationError(
            _("Tệp %(path)s không đúng định dạng YAML: %(error)s") % {"path": path, "error": exc}
        ) from exc


DOCUMENT_KIND_FIELDS = (
    "name",
    "description",
    "per_nominee",
    "produced_by_council",
    "generated_by_product",
    "active",
    "effective_from",
    "effective_to",
    "citation",
)


@transaction.atomic
def document_kinds_load(*, items: list[dict]) -> int:
    """Load the document kinds (the one list of what a file may be); existing kinds are updated in place and
    kinds added in the admin are left as they are."""
    if not isinstance(items, list):
        raise ValidationError(_("Mục document_kinds phải là một danh sách các loại tài liệu."))
    for order, item in enumerate(items, start=1):
        item = dict(item) if isinstance(item, dict) else {}
        code = str(item.pop("code", "") or "").strip()
        unknown = set(item) - set(DOCUMENT_KIND_FIELDS)
        if not code or unknown:
            raise ValidationError(
                _("Loại tài liệu thứ %(row)s: thiếu mã hoặc có trường không hợp lệ (%(fields)s).")
                % {"row": order, "fields": ", ".join(sorted(unknown)) or "code"}
            )
        values = {name: DocumentKind._meta.get_field(name).get_default() for name in DOCUMENT_KIND_FIELDS}
        values.update(item, order=order)
        kind = DocumentKind(code=code, **values)
        try:
            kind.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise ValidationError(
                _("Loại tài liệu %(code)s không hợp lệ: %(errors)s") % {"code": code, "errors": "; ".join(exc.messages)}
            ) from exc
        DocumentKind.objects.update_or_create(code=code, defaults=values)
    return len(items)


def _rules_error(error: RuleDataError) -> ValidationError:
    return ValidationError(_("Quy định xét điều kiện không hợp lệ — %(error)s") % {"error": error})


RULE_FIELDS = ("title", "scope", "kind", "params", "effective_from", "effective_to", "citation", "basis", "severity")


@transaction.atomic
def eligibility_rules_load(*, path: Path | None = None) -> int:
    """Load the periods of law and the eligibility rules of workflows/data/eligibility.yaml. Rows from the file
    are updated in place, except a shipped rule an officer has changed in the admin (their dates or citation
    stand until they change them back); rows added in the admin are kept. The file is checked before anything
    is written and the whole book after, so the load is all or nothing and the message names the bad row."""
    data = _read_yaml(path or RULES_FILE) or {}
    try:
        rulebook_from_data(data)
    except RuleDataError as error:
        raise _rules_error(error) from error
    for row in data.get("periods") or ():
        period = LawPeriod(
            code=row["code"],
            name=row["name"],
            effective_from=row["effective_from"],
            effective_to=row.get("effective_to"),
            citation=row["citation"],
            basis=row.get("basis", "stated"),
            verified=bool(row.get("verified", True)),
            lower_form_not_prerequisite=bool(row.get("lower_form_not_prerequisite", False)),
            shipped=True,
        )
        try:
            period.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError(
                _("Thời kỳ áp dụng pháp luật %(code)s không hợp lệ: %(errors)s")
                % {"code": period.code, "errors": "; ".join(exc.messages)}
            ) from exc
        values = law_period_data(period)
        values["grounds"] = (row.get("grounds") or "").strip()
        LawPeriod.objects.update_or_create(code=values.pop("code"), defaults={**values, "shipped": True})
    edited = set(EligibilityRule.objects.filter(changed_at__isnull=False).values_list("code", flat=True))
    rules = data.get("rules") or ()
    for order, row in enumerate(rules):
        if row["id"] in edited:
            continue
        values = {key: row.get(key) for key in RULE_FIELDS}
        values.update(
            title=row.get("title") or "", params=row.get("params") or {}, applies_to=row.get("applies_to") or []
        )
        rule = EligibilityRule(code=row["id"], order=order, shipped=True, **values)
        try:
            rule.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError(
                _("Quy định xét điều kiện %(code)s không hợp lệ: %(errors)s")
                % {"code": row["id"], "errors": "; ".join(exc.messages)}
            ) from exc
        EligibilityRule.objects.update_or_create(code=row["id"], defaults={**values, "order": order, "shipped": True})
    try:
        rulebook_from_data(rulebook_data())
    except RuleDataError as error:
        raise _rules_error(error) from error
    return len(rules)


@transaction.atomic
def eligibility_rule_save(*, rule: EligibilityRule, actor) -> EligibilityRule:
    """Save a rule added or changed in the admin (already checked by its form), recording who changed it; a new
    rule goes after the others."""
    if rule.pk is None:
        last = EligibilityRule.objects.order_by("-order").values_list("order", flat=True).first()
        rule.order = (last or 0) + 1
    rule.changed_at = clock.now()
    rule.changed_by = actor
    rule.save()
    return rule


@transaction.atomic
def reference_data_load(*, path: Path | None = None, rules_path: Path | None = None) -> int:
    """Load the document kinds, the award titles and their dated rules, and the eligibility rules; existing rows
    are updated in place."""
    eligibility_rules_load(path=rules_path)
    data = _read_yaml(path or DATA_DIR / "award_titles.yaml")
    document_kinds_load(items=data.get("document_kinds", []))
    documents = set(DocumentKind.objects.values_list("code", flat=True))
    count = 0
    for order, item in enumerate(data["titles"]):
        rules = item.pop("rules", [])
        title, _created = AwardTitle.objects.update_or_create(code=item.pop("code"), defaults={**item, "order": order})
        for rule in rules:
            unknown = set(rule.get("required_documents", [])) - documents
            if unknown:
                raise ValidationError(
                    _("Danh hiệu %(title)s dùng loại giấy tờ chưa khai báo: %(docs)s")
                    % {"title": title.code, "docs": ", ".join(sorted(unknown))}
                )
            rule_obj = TitleRule(title=title, **rule)
            rule_obj.full_clean(exclude=["title"], validate_unique=False, validate_constraints=False)
            TitleRule.objects.update_or_create(
                title=title,
                effective_from=rule["effective_from"],
                defaults={
                    "effective_to": rule.get("effective_to"),
                    "citation": rule["citation"],
                    "vote_required": rule.get("vote_required", False),
                    "secret_ballot": rule.get("secret_ballot", False),
                    "approval_threshold_percent": rule.get("approval_threshold_percent"),
                    "required_documents": rule.get("required_documents", []),
                    "criteria": rule.get("criteria", ""),
                },
            )
        count += 1
    return count


@transaction.atomic
def campaign_load(*, path: Path) -> Campaign:
    """Load a campaign (programme) from its data file; loading it again changes nothing."""
    data = _read_yaml(path)
    milestones = data.pop("milestones", [])
    targets = data.pop("targets", [])
    campaign, _created = Campaign.objects.update_or_create(year=data.pop("year"), defaults=data)
    for item in milestones:
        Milestone.objects.update_or_create(campaign=campaign, code=item.pop("code"), defaults=item)
    titles = {t.code: t for t in AwardTitle.objects.all()}
    for order, item in enumerate(targets):
        item = dict(item)
        for key in ("title", "base_title"):
            code = item.pop(key, None)
            if code is not None and code not in titles:
                raise ValidationError(
                    _(
                        "Chỉ tiêu %(target)s dùng danh hiệu %(code)s chưa có trong danh mục "
                        "(hãy chạy load_reference_data)."
                    )
                    % {"target": item["code"], "code": code}
                )
            item[key] = titles.get(code)
        Target.objects.update_or_create(campaign=campaign, code=item.pop("code"), defaults={**item, "order": order})
    campaign.full_clean()
    return campaign


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02 into a common year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def campaign_clone(*, campaign: Campaign, year: int) -> Campaign:
    """Copy a campaign into another year, moving every date by the same number of years."""
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError(_("Đã có phong trào thi đua năm %(year)s.") % {"year": year})
    shift = year - campaign.year
    old_year = str(campaign.year)
    new = Campaign.objects.create(
        year=year,
        name=campaign.name.replace(old_year, str(year)),
        theme=campaign.theme.replace(old_year, str(year)),
        start_date=_shift_year(campaign.start_date, shift),
        end_date=_shift_year(campaign.end_date, shift),
        status=Campaign.Status.DRAFT,
        basis="",
        signed_by=campaign.signed_by,
    )
    Milestone.objects.bulk_create(
        Milestone(
            campaign=new,
            code=m.code,
            kind=m.kind,
            label=m.label.replace(old_year, str(year)),
            due_date=_shift_year(m.due_date, shift),
            owner=m.owner,
            recipient=m.recipient,
            description=m.description.replace(old_year, str(year)),
        )
        for m in campaign.milestones.all()
    )
    Target.objects.bulk_create(
        Target(
            campaign=new,
            code=t.code,
            scope=t.scope,
            measure=t.measure,
            title_id=t.title_id,
            value=t.value,
            at_least=t.at_least,
            base=t.base,
            base_title_id=t.base_title_id,
            label=t.label.replace(old_year, str(year)),
            order=t.order,
        )
        for t in campaign.targets.all()
    )
    return new
