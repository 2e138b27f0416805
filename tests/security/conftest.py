"""The browser suite's fixtures, for the security tests that drive Chromium."""

from tests.browser.conftest import browser, second_browser, server_url  # noqa: F401
