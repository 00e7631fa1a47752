"""The public exemplar pages, as an anonymous visitor: published stories only, nothing else of the product
reachable from them, an Atom feed that is valid XML, an embeddable list that only the configured sites may frame,
another agency's stories apart, and typed scripts shown as text."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from people.models import Agency
from tests.desk import page_text
from workflows.exemplars.models import Exemplar

from .support import BOARD, PRODUCT_PREFIXES, PUBLIC, SECOND, links, png_bytes, story

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def stories(demo):
    return {
        status: story(title=f"Gương {label}", status=status, photo=png_bytes())
        for status, label in (
            (Exemplar.Status.PUBLISHED, "đã đăng"),
            (Exemplar.Status.DRAFT, "bản thảo"),
            (Exemplar.Status.SUBMITTED, "chờ duyệt"),
            (Exemplar.Status.WITHDRAWN, "đã gỡ"),
        )
    }


def test_an_anonymous_visitor_sees_published_stories_and_nothing_else(stories):
    visitor = Client()
    response = visitor.get(f"{PUBLIC}{BOARD}/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Gương đã đăng" in text
    # The demo's own published story is there too, its draft is not.
    assert "Vũ Thị Thanh Huyền" in text
    assert "bản đồ số giám sát xả thải" not in text
    for status in (Exemplar.Status.DRAFT, Exemplar.Status.SUBMITTED, Exemplar.Status.WITHDRAWN):
        hidden = stories[status]
        assert hidden.title not in text
        assert visitor.get(f"{PUBLIC}{BOARD}/{hidden.slug}/").status_code == 404
        assert visitor.get(f"{PUBLIC}{BOARD}/{hidden.slug}/anh.jpg").status_code == 404
        assert visitor.get(f"{PUBLIC}{BOARD}/{hidden.slug}/anh-nho.jpg").status_code == 404
    published = stories[Exemplar.Status.PUBLISHED]
    page = visitor.get(f"{PUBLIC}{BOARD}/{published.slug}/")
    assert page.status_code == 200
    assert "Gương đã đăng" in page_text(page)
    assert "Đoạn thứ hai." in page_text(page)
    assert f"Đăng ngày {timezone.localtime(published.published_at):%d/%m/%Y}" in page_text(page)
    assert "sessionid" not in response.cookies


def test_public_pages_link_to_nothing_of_the_product(stories):
    visitor = Client()
    published = stories[Exemplar.Status.PUBLISHED]
    pages = [
        f"{PUBLIC}{BOARD}/",
        f"{PUBLIC}{BOARD}/?nam=2024",
        f"{PUBLIC}{BOARD}/{published.slug}/",
        f"{PUBLIC}{BOARD}/nhung/",
        f"{PUBLIC}{BOARD}/khong-co-bai-nay/",
        f"{PUBLIC}khong-co-co-quan-nay/",
    ]
    for url in pages:
        response = visitor.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        found = links(html)
        assert found or response.status_code == 404, url
        for address in found:
            assert not address.startswith(PRODUCT_PREFIXES), (url, address)
            assert address in ("", "?") or address.startswith((PUBLIC, "/static/", "?")), (url, address)
        assert "<script" not in html.lower(), url
        assert "dang-nhap" not in html and "login" not in html.lower(), url
        csp = response["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp, url


def test_the_product_stays_behind_the_login(stories):
    """Only the public addresses opened: the product's own exemplar pages and the rest still ask for a login."""
    visitor = Client()
    draft = stories[Exemplar.Status.DRAFT]
    for url in (
        "/cases/guong-dien-hinh/",
        f"/cases/guong-dien-hinh/{draft.pk}/",
        f"/cases/guong-dien-hinh/{draft.pk}/anh.jpg",
        "/cases/",
        "/home/",
    ):
        response = visitor.get(url)
        assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"], url
    # A public address takes no writes.
    assert visitor.post(f"{PUBLIC}{BOARD}/").status_code == 405


def test_the_list_filters_by_year_and_unit_newest_first(demo):
    old = story(title="Gương năm 2023", year=2023)
    new = story(title="Gương năm 2024 mới nhất", year=2024)
    visitor = Client()
    text = page_text(visitor.get(f"{PUBLIC}{BOARD}/"))
    assert text.index(new.title) < text.index(old.title), "newest first"
    only_2023 = page_text(visitor.get(f"{PUBLIC}{BOARD}/?nam=2023"))
    assert old.title in only_2023 and new.title not in only_2023
    demo_story = Exemplar.objects.get(status=Exemplar.Status.PUBLISHED, staff__staff_code="QLDT003")
    by_unit = page_text(visitor.get(f"{PUBLIC}{BOARD}/?don-vi={demo_story.unit_id}"))
    assert demo_story.title in by_unit and new.title not in by_unit
    # Nonsense in the filters is ignored, never an error page.
    assert visitor.get(f"{PUBLIC}{BOARD}/?nam=abc&don-vi=%3Cscript%3E&trang=999").status_code == 200


def test_the_atom_feed_lists_only_published_stories_and_is_valid_xml(stories):
    response = Client().get(f"{PUBLIC}{BOARD}/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert "Gương đã đăng" in titles
    assert not {"Gương bản thảo", "Gương chờ duyệt", "Gương đã gỡ"} & set(titles)
    assert all(
        e.find(f"{ATOM}link").get("href").startswith("http://testserver/guong-dien-hinh/")
        for e in root.iter(f"{ATOM}entry")
    )


def test_the_embed_may_be_framed_by_the_configured_sites_only(stories, settings):
    visitor = Client()
    settings.EXEMPLARS_EMBED_ORIGINS = []
    alone = visitor.get(f"{PUBLIC}{BOARD}/nhung/")
    assert alone.status_code == 200
    assert alone["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in alone["Content-Security-Policy"]
    assert "Gương đã đăng" in page_text(alone) and "Gương bản thảo" not in page_text(alone)

    settings.EXEMPLARS_EMBED_ORIGINS = ["https://banquanly.example.gov.vn"]
    framed = visitor.get(f"{PUBLIC}{BOARD}/nhung/")
    assert "X-Frame-Options" not in framed
    assert "frame-ancestors 'self' https://banquanly.example.gov.vn" in framed["Content-Security-Policy"]
    # Every other public page refuses to be framed at all.
    listing = visitor.get(f"{PUBLIC}{BOARD}/")
    assert listing["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in listing["Content-Security-Policy"]
    assert listing["X-Content-Type-Options"] == "nosniff"


def test_another_agencys_stories_stay_on_its_own_page(demo):
    ours = story(title="Gương của Ban Quản lý")
    theirs = story(title="Gương của Sở Khoa học", agency=SECOND, writer="khcn.vanphong", chief="khcn.chanhvanphong")
    visitor = Client()
    board_page = page_text(visitor.get(f"{PUBLIC}{BOARD}/"))
    assert ours.title in board_page and theirs.title not in board_page
    second_page = page_text(visitor.get(f"{PUBLIC}{SECOND}/"))
    assert theirs.title in second_page and ours.title not in second_page
    assert visitor.get(f"{PUBLIC}{BOARD}/{theirs.slug}/").status_code == 404
    feed = visitor.get(f"{PUBLIC}{BOARD}/atom.xml").content.decode()
    assert theirs.title not in feed
    # The province's seat has no public page.
    assert visitor.get(f"{PUBLIC}{Agency.objects.get(kind=Agency.Kind.PROVINCE).code}/").status_code == 404


def test_a_script_typed_into_a_story_is_text_on_the_page_and_in_the_feed(demo):
    hostile = story(
        title='<script>alert("tiêu đề")</script> Gương',
        body='Đoạn một <img src=x onerror=alert(1)>\n\n<a href="/quan-tri/">quản trị</a>',
    )
    visitor = Client()
    for url in (f"{PUBLIC}{BOARD}/", f"{PUBLIC}{BOARD}/{hostile.slug}/", f"{PUBLIC}{BOARD}/nhung/"):
        html = visitor.get(url).content.decode()
        assert "<script" not in html and "<img src=x" not in html and 'href="/quan-tri/"' not in html, url
        assert "&lt;script&gt;" in html, url
    story_page = visitor.get(f"{PUBLIC}{BOARD}/{hostile.slug}/").content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in story_page
    assert hostile.slug.startswith("script-alert-tieu-de-script-guong")

    root = ET.fromstring(visitor.get(f"{PUBLIC}{BOARD}/atom.xml").content)
    entry = next(e for e in root.iter(f"{ATOM}entry") if "alert" in e.findtext(f"{ATOM}title"))
    # A reader that shows the title and summary as HTML shows the tags as text: no markup of ours gets through.
    title, summary = entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}summary")
    assert "<script" not in title and "&lt;script&gt;" in title
    assert "<img" not in summary and "<a " not in summary and "&lt;img src=x" in summary


def test_the_public_list_costs_a_bounded_number_of_queries(demo, django_assert_max_num_queries):
    for n in range(15):
        story(title=f"Gương số {n}", photo=png_bytes(size=(64, 48)) if n % 2 else None)
    visitor = Client()
    with django_assert_max_num_queries(6):
        response = visitor.get(f"{PUBLIC}{BOARD}/")
    assert response.status_code == 200
    assert "Trang 1/2" in page_text(response)
    with django_assert_max_num_queries(3):
        assert visitor.get(f"{PUBLIC}{BOARD}/atom.xml").status_code == 200


def test_the_bare_public_address_names_no_agency_when_there_are_several(demo):
    response = Client().get(PUBLIC)
    assert response.status_code == 404
    assert not any(address.startswith(PRODUCT_PREFIXES) for address in links(response.content.decode()))
    # Without its slash the address is redirected, not sent to the login.
    response = Client().get(f"{PUBLIC}{BOARD}")
    assert response.status_code == 301 and response["Location"] == f"{PUBLIC}{BOARD}/"


def test_a_visitor_who_chose_english_gets_the_frame_in_english_and_dates_dd_mm_yyyy(demo):
    published = story(title="Gương đã đăng")
    visitor = Client()
    visitor.post("/i18n/setlang/", {"language": "en", "next": f"{PUBLIC}{BOARD}/"})
    text = page_text(visitor.get(f"{PUBLIC}{BOARD}/{published.slug}/"))
    assert f"Published on {timezone.localtime(published.published_at):%d/%m/%Y}" in text
    assert "Other exemplars" in text and "Gương đã đăng" in text
    assert "Đăng ngày" not in text
