import copy
import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.workflow import admin as viewflow_admin
from viewflow.workflow.models import Process, Task

from people import clock
from people.admin import AgencyOwnedAdmin

from .documents import engine as document_engine
from .documents import services as document_services
from .documents.download import docx_response
from .files import display_name
from .models import (
    AwardTitle,
    Ballot,
    Campaign,
    Case,
    Commendation,
    CouncilSession,
    DocumentKind,
    DocumentTemplate,
    EligibilityRule,
    Initiative,
    LawPeriod,
    Milestone,
    Target,
    TitleRule,
    TrustedCertificate,
)
from .rules.rulebook import RuleDataError, rulebook_from_data, rulebook_vocabulary
from .selectors import rulebook_data
from .services import campaign_clone, eligibility_rule_save
from .signatures.services import certificate_fields, certificate_parse


class TitleRuleInline(admin.TabularInline):
    model = TitleRule
    extra = 0


@admin.register(AwardTitle)
class AwardTitleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "scope", "kind", "decided_at", "province_decides", "catalogue_code"]
    list_filter = ["scope", "kind", "decided_at", "province_decides"]
    inlines = [TitleRuleInline]


@admin.register(DocumentKind)
class DocumentKindAdmin(admin.ModelAdmin):
    """The one list of document kinds: a kind added here can be uploaded at once and named in a title's rule."""

    list_display = [
        "code",
        "name",
        "order",
        "per_nominee",
        "produced_by_council",
        "generated_by_product",
        "active",
        "effective_from",
        "effective_to",
        "citation",
    ]
    list_editable = ["order", "active"]
    list_filter = ["active", "per_nominee", "produced_by_council", "generated_by_product"]
    search_fields = ["code", "name", "citation"]

    def has_delete_permission(self, request, obj=None):
        # Files and rules keep the code; a kind no longer used is made inactive instead.
        return False


def _title_choices():
    titles = rulebook_vocabulary()["titles"]
    return [("", _("Mọi danh hiệu của phạm vi")), *((code, info["short_name"]) for code, info in titles.items())]


class RuleBookCheckedForm(forms.ModelForm):
    def clean(self):
        """The row is checked as the loader checks the rules file, together with every other row: a kind the
        judging code does not know, params it cannot read, two versions of one rule (or two periods of law) in
        force on the same day."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = construct_instance(self, copy.copy(self.instance))
        try:
            rulebook_from_data(rulebook_data(replacing=candidate))
        except RuleDataError as error:
            raise ValidationError(str(error)) from error
        return cleaned


class LawPeriodForm(RuleBookCheckedForm):
    class Meta:
        model = LawPeriod
        fields = [
            "code",
            "name",
            "effective_from",
            "effective_to",
            "citation",
            "grounds",
            "basis",
            "verified",
            "lower_form_not_prerequisite",
        ]


class EligibilityRuleForm(RuleBookCheckedForm):
    title = forms.ChoiceField(label=_("danh hiệu"), choices=_title_choices, required=False)

    class Meta:
        model = EligibilityRule
        fields = [
            "code",
            "title",
            "scope",
            "kind",
            "params",
            "effective_from",
            "effective_to",
            "citation",
            "basis",
            "severity",
            "applies_to",
            "note",
            "order",
        ]


class InForceFilter(admin.SimpleListFilter):
    title = _("còn hiệu lực")
    parameter_name = "in_force_on"

    def lookups(self, request, model_admin):
        today = clock.today()
        return [
            (f"{year}-12-31", _("Ngày 31/12/%(year)s") % {"year": year})
            for year in range(today.year - 2, today.year + 2)
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            day = datetime.date.fromisoformat(self.value())
        except ValueError:
            return queryset.none()
        return queryset.in_force(day)


class RuleTitleFilter(admin.SimpleListFilter):
    title = _("danh hiệu")
    parameter_name = "title"

    def lookups(self, request, model_admin):
        return [*_title_choices()[1:], ("-", _("Mọi danh hiệu của phạm vi"))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(title="" if self.value() == "-" else self.value())


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    """The eligibility rules as data. A new version of a rule starts the day after the old one is closed
    (effective_to); shipped rules are closed, never deleted, so a dossier of their years is still judged by them."""

    form = EligibilityRuleForm
    list_display = [
        "code",
        "title",
        "scope",
        "kind",
        "effective_from",
        "effective_to",
        "severity",
        "basis",
        "citation",
        "shipped",
        "changed_at",
    ]
    list_filter = [RuleTitleFilter, "kind", InForceFilter, "basis", "severity", "scope", "shipped"]
    search_fields = ["code", "citation", "note"]
    readonly_fields = ["shipped", "changed_at", "changed_by"]

    def save_model(self, request, obj, form, change):
        eligibility_rule_save(rule=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.shipped and super().has_delete_permission(request, obj)


@admin.register(LawPeriod)
class LawPeriodAdmin(admin.ModelAdmin):
    form = LawPeriodForm
    list_display = ["code", "name", "effective_from", "effective_to", "basis", "verified", "citation"]
    search_fields = ["code", "name", "citation"]
    readonly_fields = ["shipped"]

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.shipped and super().has_delete_permission(request, obj)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fk_name = "campaign"


@admin.register(Campaign)
class CampaignAdmin(AgencyOwnedAdmin):
    list_display = ["year", "name", "start_date", "end_date", "status"]
    list_filter = ["status"]
    inlines = [MilestoneInline, TargetInline]
    actions = ["clone_to_next_year"]

    @admin.action(description=_("Sao chép sang năm sau (dời các mốc thời hạn)"))
    def clone_to_next_year(self, request, queryset):
        for campaign in queryset:
            try:
                new = campaign_clone(campaign=campaign, year=campaign.year + 1)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("Đã tạo phong trào thi đua năm %(year)s.") % {"year": new.year})


@admin.register(Case)
class CaseAdmin(AgencyOwnedAdmin):
    """Cases are changed only through their flows; the admin shows them for support."""

    list_display = ["pk", "kind", "unit", "campaign", "status", "submitted_at", "accepted_at", "council_at", "finished"]
    list_filter = ["kind", "status", "campaign"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "campaign"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Commendation)
class CommendationAdmin(AgencyOwnedAdmin):
    list_display = ["title", "year", "staff", "unit", "decision_number", "decision_date", "decided_by", "source"]
    list_filter = ["year", "title", "source"]
    search_fields = ["staff__full_name", "staff__staff_code", "unit__name", "decision_number"]
    list_select_related = ["title", "staff", "unit"]
    raw_id_fields = ["staff", "unit", "proposal", "import_job"]


@admin.register(Initiative)
class InitiativeAdmin(AgencyOwnedAdmin):
    list_display = ["name", "staff", "kind", "level", "year", "decision_number", "decision_date"]
    list_filter = ["year", "kind", "level"]
    search_fields = ["name", "staff__staff_code", "staff__full_name", "decision_number"]
    autocomplete_fields = ["staff"]
    filter_horizontal = ["carried"]
    list_select_related = ["staff"]


class BallotInline(admin.TabularInline):
    """Who has voted and how (the votes themselves are not shown: secret ballots stay secret here too)."""

    model = Ballot
    fields = ["member", "status", "method", "submitted_at", "entered_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(CouncilSession)
class CouncilSessionAdmin(AgencyOwnedAdmin):
    list_display = ["held_at", "place", "campaign", "status", "closed_at"]
    list_filter = ["status", "campaign"]
    readonly_fields = [f.name for f in CouncilSession._meta.fields]
    inlines = [BallotInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# viewflow's own admin of processes and tasks reads its shared tables unscoped; an agency's administrator sees the
# processes and tasks of its own agency's cases only (the installation's administrator, unscoped, sees all).
class _ScopedByCase:
    case_path = "case"

    def get_queryset(self, request):
        from people.tenancy import current_agency_id, is_unscoped

        queryset = super().get_queryset(request)
        agency_id = current_agency_id()
        if agency_id is None or is_unscoped():
            return queryset
        return queryset.filter(**{f"{self.case_path}__agency_id": agency_id})


class ScopedProcessAdmin(_ScopedByCase, viewflow_admin.ProcessAdmin):
    pass


class ScopedTaskAdmin(_ScopedByCase, viewflow_admin.TaskAdmin):
    case_path = "process__case"


for _model, _model_admin in ((Process, ScopedProcessAdmin), (Task, ScopedTaskAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _model_admin)


class DocumentTemplateForm(forms.ModelForm):
    """Uploading an agency's own wording of a document: checked before anything is saved, so a template that would
    fail leaves the one in use as it was."""

    kind = forms.ChoiceField(label=_("Loại văn bản"))
    upload = forms.FileField(
        label=_("Tệp mẫu (.docx)"),
        help_text=_(
            "Tải mẫu mặc định của hệ thống về, sửa lời văn trong Word và giữ nguyên các trường trộn dạng {{ … }}."
        ),
    )

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, _(k.name)) for k in document_engine.kinds()]

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("upload"), cleaned.get("kind")
        if upload is None or not kind:
            return cleaned
        if upload.size > document_engine.TEMPLATE_MAX_BYTES:
            self.add_error(
                "upload",
                _("Tệp mẫu có dung lượng %(size).1f MB, vượt giới hạn %(limit)s MB.")
                % {"size": upload.size / 1024 / 1024, "limit": document_engine.TEMPLATE_MAX_BYTES // 1024 // 1024},
            )
            return cleaned
        upload.seek(0)
        content = upload.read()
        try:
            document_engine.check_template(kind, content)
        except document_engine.TemplateProblem as exc:
            self.add_error("upload", str(exc))
        else:
            cleaned["content"] = content
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(AgencyOwnedAdmin):
    list_display = ["kind_label", "version", "name", "active", "uploaded_by", "uploaded_at", "preview_link"]
    list_filter = ["kind", "active"]
    actions = ["use_version", "use_default"]
    change_list_template = "admin/workflows/documenttemplate/change_list.html"

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = DocumentTemplateForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["kind", "version", "file", "name", "active", "uploaded_by", "uploaded_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "upload", "note", *(["agency_choice"] if self._installation_wide() else [])]
        return ["kind", "version", "name", "file", "note", "active", "uploaded_by", "uploaded_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # versions are kept: going back is choosing one

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["note"])
            return
        chosen = form.cleaned_data.get("agency_choice")
        if chosen is not None:
            obj.agency = chosen
        obj.agency_fill()
        upload = form.cleaned_data["upload"]
        created = document_services.template_upload(
            agency_id=obj.agency_id,
            kind=form.cleaned_data["kind"],
            content=form.cleaned_data["content"],
            name=upload.name,
            user=request.user,
            note=form.cleaned_data.get("note", ""),
        )
        for attribute in ("pk", "id", "version", "file", "name", "active", "uploaded_at", "uploaded_by_id"):
            setattr(obj, attribute, getattr(created, attribute))

    @admin.display(description=_("Loại văn bản"), ordering="kind")
    def kind_label(self, obj):
        return obj.kind_label

    @admin.display(description=_("Xem thử"))
    def preview_link(self, obj):
        url = reverse("admin:workflows_documenttemplate_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Xem thử với dữ liệu mẫu"))

    @admin.action(description=_("Dùng phiên bản đã chọn"))
    def use_version(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, _("Chọn đúng một phiên bản để dùng."), messages.ERROR)
            return
        document_services.template_activate(template=chosen[0])
        self.message_user(
            request,
            _("Đang dùng phiên bản %(version)s của mẫu “%(kind)s”.")
            % {"version": chosen[0].version, "kind": chosen[0].kind_label},
        )

    @admin.action(description=_("Trở về mẫu mặc định của hệ thống"))
    def use_default(self, request, queryset):
        for agency_id, kind in set(queryset.values_list("agency_id", "kind")):
            document_services.template_default(agency_id=agency_id, kind=kind)
            self.message_user(
                request,
                _("Mẫu “%(kind)s” trở về mẫu mặc định của hệ thống.") % {"kind": _(document_engine.kind_of(kind).name)},
            )

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="workflows_documenttemplate_preview",
            ),
            path(
                "default/<slug:kind>/",
                self.admin_site.admin_view(self.default_view),
                name="workflows_documenttemplate_default",
            ),
        ]
        return extra + super().get_urls()

    def preview_view(self, request, pk):
        """The version filled with the kind's sample data, as a .docx to open in Word."""
        template = self.get_object(request, str(pk))
        if template is None or not self.has_view_permission(request, template):
            raise Http404(_("Không có trang này."))
        kind = document_engine.kind_of(template.kind)
        with template.file.open("rb") as handle:
            content = document_engine.render_bytes(handle.read(), kind.sample())
        return docx_response(content, name=f"Xem thử {_(kind.name)} v{template.version}.docx")

    def default_view(self, request, kind):
        """The product's default template (to edit in Word), or with `?preview=1` filled with the sample data."""
        if not self.has_view_permission(request):
            raise Http404(_("Không có trang này."))
        try:
            found = document_engine.kind_of(kind)
        except KeyError:
            raise Http404(_("Không có loại văn bản này.")) from None
        if request.GET.get("preview"):
            content = document_engine.render_bytes(found.default_bytes(), found.sample())
            return docx_response(content, name=f"Xem thử {_(found.name)}.docx")
        return docx_response(found.default_bytes(), name=f"Mẫu mặc định {_(found.name)}.docx")

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        extra_context["document_kinds"] = [
            {
                "name": _(k.name),
                "code": k.code,
                "download": reverse("admin:workflows_documenttemplate_default", args=[k.code]),
                "preview": reverse("admin:workflows_documenttemplate_default", args=[k.code]) + "?preview=1",
            }
            for k in document_engine.kinds()
        ]
        return super().changelist_view(request, extra_context=extra_context)


class TrustedCertificateForm(forms.ModelForm):
    """A root the agency trusts, uploaded as a PEM or DER file and checked to be a CA certificate."""

    MAX_BYTES = 64 * 1024

    certificate = forms.FileField(
        label=_("Tệp chứng thư (.cer, .crt, .pem, .der)"),
        required=False,
        help_text=_("Chứng thư gốc hoặc chứng thư CA (X.509, định dạng PEM hoặc DER)."),
    )

    class Meta:
        model = TrustedCertificate
        fields = ["name", "is_active"]

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload is None:
            if self.instance.pk is None:
                raise ValidationError(_("Hãy chọn tệp chứng thư."))
            return None
        if upload.size > self.MAX_BYTES:
            raise ValidationError(
                _("Tệp “%(name)s” quá lớn để là một chứng thư (tối đa 64 KB).") % {"name": display_name(upload.name)}
            )
        return certificate_fields(certificate_parse(upload.read(), name=display_name(upload.name)))

    def clean(self):
        cleaned = super().clean()
        fields = cleaned.get("certificate")
        if fields:
            rows = TrustedCertificate.objects.filter(fingerprint=fields["fingerprint"]).exclude(pk=self.instance.pk)
            agency = cleaned.get("agency_choice") or (self.instance.agency if self.instance.agency_id else None)
            if agency is not None:
                rows = rows.filter(agency=agency)
            if rows.exists():
                self.add_error("certificate", _("Chứng thư này đã có trong danh sách chứng thư tin cậy."))
        return cleaned

    def save(self, commit=True):
        fields = self.cleaned_data.get("certificate")
        if fields:
            for name, value in fields.items():
                setattr(self.instance, name, value)
        return super().save(commit=commit)


@admin.register(TrustedCertificate)
class TrustedCertificateAdmin(AgencyOwnedAdmin):
    form = TrustedCertificateForm
    list_display = ["name", "subject", "not_after", "is_active"]
    list_filter = ["is_active"]
    readonly_fields = ["subject", "fingerprint", "not_after", "added_at"]
    search_fields = ["name", "subject"]
