"""The live layer's close codes, rendered into every page for static/js/live.js.

The server names why it closed a socket (core.live.CloseCode); the browser reads the numbers
from the page, so each is written once, in Python.
"""

from django import template
from django.utils.html import json_script

from core.live import CloseCode

register = template.Library()


@register.simple_tag
def close_codes() -> str:
    """`<script id="close-codes" type="application/json">` with {name: number}: data, not code,
    so the strict Content-Security-Policy (no inline scripts) lets it be."""
    return json_script({code.name: code.value for code in CloseCode}, "close-codes")
