"""Widgets every upload form of the product shares."""

from django import forms
from django.template.loader import render_to_string


class FileChoice(forms.FileInput):
    """A file button labelled in our words ("Chọn tệp"), whatever the browser's language, with the chosen files'
    names beside it (static/tdkt/tdkt.js); the browser's own input stays underneath for the keyboard and screen
    readers."""

    template_name = "tdkt/file_input.html"

    def __init__(self, attrs=None, *, multiple: bool = False):
        self.allow_multiple_selected = multiple  # read by FileInput.__init__ to add the `multiple` attribute
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (templates/), not the form renderer's, which sees only Django's own.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))  # already safe
