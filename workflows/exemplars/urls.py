"""The public exemplar pages (public.py): the only addresses of the product open without login, with /tai-khoan/
(login) and the language switch."""

from django.urls import path

from . import public

app_name = "exemplars_public"

urlpatterns = [
    path("", public.exemplar_index, name="index"),
    path("<slug:agency>/", public.exemplar_list, name="list"),
    path("<slug:agency>/nhung/", public.exemplar_embed, name="embed"),
    path("<slug:agency>/atom.xml", public.exemplar_feed, name="feed"),
    path("<slug:agency>/<slug:slug>/", public.exemplar_detail, name="detail"),
    path("<slug:agency>/<slug:slug>/anh.jpg", public.exemplar_photo, name="photo"),
    path("<slug:agency>/<slug:slug>/anh-nho.jpg", public.exemplar_photo_small, name="photo_small"),
]
