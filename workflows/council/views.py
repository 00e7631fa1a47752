"""The council's pages: sessions, opening one, a member's ballot, written votes, closing, the minutes.

How a member voted on a secret-ballot title is shown to nobody but that member (on their own ballot);
the session page shows who has voted, and the tallies only to the chair until the session is closed.

Refusals answer 404, never 403: a page or an action a person may not reach looks exactly like one that does
not exist, so nobody learns which sessions or ballots there are by trying ids.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from people import clock
from people.xlsx_export import xlsx_response

from ..casework.access import actor_of
from ..documents import council as council_documents
from ..documents import engine
from ..documents.download import as_requested
from ..selectors import campaign_current
from . import forms, selectors, services
from .findings import agenda_reviews
from .models import Ballot, CouncilSession

log = logging.getLogger(__name__)


def _session(request, pk) -> CouncilSession:
    session = selectors.sessions_visible(user=request.user, actor=actor_of(request.user)).filter(pk=pk).first()
    if session is None:
        raise _not_found()
    return session


def _not_found() -> Http404:
    return Http404(_("Không có trang này, hoặc anh/chị không được xem."))


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class SessionListView(TemplateView):
    template_name = "workflows/council/session_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = actor_of(self.request.user)
        campaign = campaign_current()
        context.update(
            sessions=selectors.sessions_visible(user=self.request.user, actor=actor),
            may_open=actor.is_office,
            waiting=selectors.cases_awaiting_council(campaign=campaign) if campaign and actor.is_office else [],
            campaign=campaign,
        )
        return context


class SessionOpenView(TemplateView):
    template_name = "workflows/council/session_open.html"

    def dispatch(self, request, *args, **kwargs):
        if not actor_of(request.user).is_office:
            raise _not_found()
        self.campaign = campaign_current()
        if self.campaign is None:
            raise Http404(_("Chưa có phong trào thi đua."))
        self.cases = list(selectors.cases_awaiting_council(campaign=self.campaign))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", forms.SessionOpenForm(cases=self.cases))
        context.update(campaign=self.campaign, cases=self.cases)
        return context

    def post(self, request, *args, **kwargs):
        form = forms.SessionOpenForm(request.POST, cases=self.cases)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        chosen = [c for c in self.cases if c.pk in set(form.cleaned_data["cases"])]
        try:
            session = services.session_open(
                campaign=self.campaign,
                held_at=form.held_at(),
                place=form.cleaned_data["place"],
                cases=chosen,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Đã mở phiên họp; mỗi thành viên Hội đồng đã có phiếu biểu quyết."))
        return redirect("council:session", pk=session.pk)


class SessionDetailView(TemplateView):
    template_name = "workflows/council/session_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = _session(request, kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session, user = self.session, self.request.user
        actor = actor_of(user)
        chair = services.is_chair(user=user, session=session)
        closed = session.status == CouncilSession.Status.CLOSED
        membership = selectors.membership_of(user=user, year=session.campaign.year)
        my_ballot = session.ballots.filter(member=membership).first() if membership else None
        may_add = (
            actor.is_office
            and not closed
            and clock.now() < session.held_at
            and not session.ballots.exclude(status=Ballot.Status.PENDING).exists()
        )
        items = list(selectors.session_items(session=session))
        reviews = agenda_reviews(year=session.campaign.year, items=items)
        context.update(
            session=session,
            agenda=[(item, reviews.get(item.pk)) for item in items],
            ballots=selectors.session_ballots(session=session),
            attendance=selectors.attendance(session=session),
            tallies=selectors.tallies(session=session) if (closed or chair) else None,
            is_chair=chair,
            closed=closed,
            my_ballot=my_ballot,
            may_enter_written=services.may_enter_written_votes(user=user, session=session) and not closed,
            add_form=forms.AddCasesForm(cases=selectors.cases_awaiting_council(campaign=session.campaign))
            if may_add
            else None,
            close_form=forms.CloseForm() if chair and not closed else None,
            reopen_form=forms.ReopenForm() if chair and closed else None,
            events=session.events.select_related("actor"),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "close":
                form = forms.CloseForm(request.POST)
                form.is_valid()
                services.session_close(
                    session=self.session, user=request.user, conclusion=form.cleaned_data.get("conclusion", "")
                )
                messages.success(request, _("Đã kết thúc phiên họp; các hồ sơ đã được chuyển bước tiếp theo."))
            elif action == "reopen":
                form = forms.ReopenForm(request.POST)
                reason = form.cleaned_data["reason"] if form.is_valid() else ""
                services.session_reopen(session=self.session, user=request.user, reason=reason)
                messages.success(request, _("Đã mở lại phiên họp."))
            elif action == "add":
                waiting = list(selectors.cases_awaiting_council(campaign=self.session.campaign))
                form = forms.AddCasesForm(request.POST, cases=waiting)
                if not form.is_valid():
                    raise ValidationError(_("Hãy chọn hồ sơ cần bổ sung."))
                chosen = [c for c in waiting if c.pk in set(form.cleaned_data["cases"])]
                added = services.session_add_cases(session=self.session, cases=chosen, actor=request.user)
                messages.success(request, _("Đã bổ sung %(count)s đề nghị vào chương trình họp.") % {"count": added})
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        except PermissionDenied:
            raise _not_found() from None
        return redirect("council:session", pk=self.session.pk)


class ResultsExportView(View):
    """Kết quả kiểm phiếu as an Excel file: the session page's tallies, to whoever the page shows them to (everyone
    who may see the session once it is closed; the chair alone before)."""

    def get(self, request, pk):
        session = _session(request, pk)
        closed = session.status == CouncilSession.Status.CLOSED
        if not closed and not services.is_chair(user=request.user, session=session):
            raise _not_found()
        return xlsx_response(
            name=_("Kết quả kiểm phiếu"),
            headers=(
                _("Cá nhân / tập thể"),
                _("Đơn vị"),
                _("Danh hiệu / hình thức"),
                _("Đồng ý"),
                _("Không đồng ý"),
                _("Không bỏ phiếu"),
                _("Tỷ lệ đồng ý trên tổng số thành viên (%)"),
                _("Kết quả"),
            ),
            rows=(
                (
                    t.item.proposal.nominee_name,
                    t.item.proposal.case.unit.name,
                    t.item.proposal.title.name,
                    t.approvals,
                    t.rejections,
                    t.not_voted,
                    t.share,
                    _("Đạt") if t.passed else _("Không đạt"),
                )
                for t in selectors.tallies(session=session)
            ),
        )


class BallotView(TemplateView):
    """A member's own ballot: draft, then submit once; afterwards read-only."""

    template_name = "workflows/council/ballot.html"
    written = False

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = _session(request, kwargs["pk"])
        if self.written:
            # One answer for a ballot that does not exist, one of another session and one the user may not
            # enter: the page must not tell which ballot ids exist.
            allowed = services.may_enter_written_votes(user=request.user, session=self.session)
            self.ballot = self.session.ballots.filter(pk=kwargs["ballot_pk"]).first() if allowed else None
            if self.ballot is None:
                raise _not_found()
        else:
            membership = selectors.membership_of(user=request.user, year=self.session.campaign.year)
            self.ballot = self.session.ballots.filter(member=membership).first() if membership else None
            if self.ballot is None:
                raise Http404(_("Anh/chị không có phiếu trong phiên họp này."))

    def form(self, data=None, files=None):
        votes = {v.item_id: v for v in self.ballot.votes.all()} if not self.written else {}
        return forms.BallotForm(
            data, files, items=selectors.session_items(session=self.session), votes=votes, paper=self.written
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self.form())
        context.update(
            rows=list(form.reviewed_rows(agenda_reviews(year=self.session.campaign.year, items=form.items))),
            session=self.session,
            ballot=self.ballot,
            written=self.written,
            editable=self.ballot.status != Ballot.Status.SUBMITTED
            and self.session.status == CouncilSession.Status.OPEN,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            if self.written:
                services.written_vote_enter(
                    ballot=self.ballot, user=request.user, votes=form.votes(), paper=form.cleaned_data["paper"]
                )
                messages.success(
                    request, _("Đã nhập phiếu bằng văn bản của %(name)s.") % {"name": self.ballot.member.staff}
                )
                return redirect("council:session", pk=self.session.pk)
            submit = request.POST.get("action") == "submit"
            services.ballot_save(ballot=self.ballot, user=request.user, votes=form.votes(), submit=submit)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.render_to_response(self.get_context_data(form=form))
        except PermissionDenied:
            raise _not_found() from None
        if submit:
            messages.success(request, _("Đã gửi phiếu biểu quyết."))
            return redirect("council:session", pk=self.session.pk)
        messages.success(request, _("Đã lưu nháp phiếu."))
        return redirect("council:ballot", pk=self.session.pk)


class PaperView(View):
    """The scan of a written vote, for the chair, the secretary and the Văn phòng."""

    def get(self, request, pk, ballot_pk):
        session = _session(request, pk)
        allowed = services.may_enter_written_votes(user=request.user, session=session) or services.is_chair(
            user=request.user, session=session
        )
        ballot = session.ballots.filter(pk=ballot_pk).first() if allowed else None
        if ballot is None or not ballot.paper:
            raise _not_found()
        return FileResponse(ballot.paper.open("rb"), as_attachment=True, filename=ballot.paper_name or "phieu.pdf")


def _closed_session(request, pk) -> CouncilSession:
    """A session the user may see, once closed: the minutes page and its documents."""
    session = _session(request, pk)
    if session.status != CouncilSession.Status.CLOSED:
        raise Http404(_("Biên bản chỉ có khi phiên họp đã kết thúc."))
    return session


class MinutesDocxView(View):
    """The minutes page's Word buttons: the Biên bản họp or the Biên bản kiểm phiếu as .docx (in the agency's
    template, if it has uploaded one), to whoever may read the minutes. Reading only: the drafts are filed in the
    cases when the session closes."""

    code = ""

    def get(self, request, pk):
        session = _closed_session(request, pk)
        record = council_documents.council_record_read(session=session)
        try:
            content = council_documents.council_docx(code=self.code, record=record, agency_id=session.agency_id)
        except Exception:  # the agency's template or its stored file: a message, not an error page
            log.exception("council session %s: the document %s could not be written", session.pk, self.code)
            messages.error(
                request,
                _(
                    "Không tạo được văn bản từ mẫu văn bản đang dùng. Hãy kiểm tra mẫu “%(name)s” trong mục Mẫu văn "
                    "bản, hoặc trở về mẫu mặc định."
                )
                % {"name": _(engine.kind_of(self.code).name)},
            )
            return redirect("council:minutes", pk=session.pk)
        name = council_documents.file_names(session)[self.code]
        return as_requested(request, content, name=name, back=reverse("council:minutes", args=[session.pk]))


class MinutesView(TemplateView):
    """Biên bản họp Hội đồng — printable; the figures are the tallies computed from the ballots."""

    template_name = "workflows/council/minutes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = _closed_session(self.request, kwargs["pk"])
        people = selectors.minutes_people(session=session)
        context.update(
            session=session,
            chair=people.chair,
            secretary=people.secretary,
            present=people.present,
            absent=people.absent,
            tallies=selectors.tallies(session=session),
            attendance=selectors.attendance(session=session),
        )
        return context
