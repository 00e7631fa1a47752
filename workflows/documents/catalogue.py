"""Every kind of generated document, registered with the template engine by importing its module."""

from . import board, council, decision, unit  # noqa: F401
