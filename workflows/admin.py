from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    AwardTitle,
    Ballot,
    Campaign,
    Case,
    Commendation,
    CouncilSession,
    DocumentKind,
    Initiative,
    Milestone,
    Target,
    TitleRule,
)
from .services import campaign_clone


class TitleRuleInline(admin.TabularInline):
    model = TitleRule
    extra = 0


@admin.register(AwardTitle)
class AwardTitleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "scope", "kind", "decided_at", "catalogue_code"]
    list_filter = ["scope", "kind", "decided_at"]
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


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fk_name = "campaign"


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
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
class CaseAdmin(admin.ModelAdmin):
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
class CommendationAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "staff", "unit", "decision_number", "decision_date", "decided_by", "source"]
    list_filter = ["year", "title", "source"]
    search_fields = ["staff__full_name", "staff__staff_code", "unit__name", "decision_number"]
    list_select_related = ["title", "staff", "unit"]
    raw_id_fields = ["staff", "unit", "proposal", "import_job"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
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
class CouncilSessionAdmin(admin.ModelAdmin):
    list_display = ["held_at", "place", "campaign", "status", "closed_at"]
    list_filter = ["status", "campaign"]
    readonly_fields = [f.name for f in CouncilSession._meta.fields]
    inlines = [BallotInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
