"""A member's browser, reduced to what the benches need: log in, then post replies.

Plain `http.client` with one kept-alive connection and a cookie jar of two names, so the
load generator adds little of its own to each request's time.
"""

import http.client
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

DEMO_PASSWORD = "peerhaven demo password"
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Member:
    def __init__(self, port: int, pseudonym: str, password: str = DEMO_PASSWORD):
        self.port = port
        self.pseudonym = pseudonym
        self.password = password
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def _request(self, method: str, path: str, body: dict | None = None):
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "peerhaven-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # A kept-alive connection the server closed: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value
        return response, content

    def login(self) -> None:
        response, content = self._request("GET", "/accounts/login/")
        match = _CSRF_FIELD.search(content.decode())
        if response.status != 200 or not match:
            raise RuntimeError(f"login form: HTTP {response.status}")
        response, _ = self._request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": match.group(1),
                "username": self.pseudonym,
                "password": self.password,
            },
        )
        if response.status != 302:
            raise RuntimeError(f"login as {self.pseudonym}: HTTP {response.status}")
        # The token rotates at login: read the one the thread page's reply form carries.
        self.csrf = ""

    def prepare_thread(self, thread_path: str) -> None:
        response, content = self._request("GET", thread_path)
        match = _CSRF_FIELD.search(content.decode())
        if response.status != 200 or not match:
            raise RuntimeError(f"thread page as {self.pseudonym}: HTTP {response.status}")
        self.csrf = match.group(1)

    def reply(self, thread_path: str, body: str) -> tuple[int, float, float]:
        """POST a reply; returns (status, wall-clock time sent, seconds taken)."""
        sent = time.time()
        started = time.perf_counter()
        response, _ = self._request(
            "POST", thread_path, {"csrfmiddlewaretoken": self.csrf, "body": body}
        )
        return response.status, sent, time.perf_counter() - started

    def post(self, path: str, fields: dict) -> tuple[int, float, float, str]:
        """POST a form with this member's CSRF token; returns (status, wall-clock time just
        before sending, seconds taken, the Location it answered with, "" if none)."""
        sent = time.time()
        started = time.perf_counter()
        response, _ = self._request("POST", path, {"csrfmiddlewaretoken": self.csrf, **fields})
        took = time.perf_counter() - started
        return response.status, sent, took, response.headers.get("Location", "")

    def cookie_header(self) -> str:
        """The Cookie header this member's browser would send (for its WebSocket)."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def close(self) -> None:
        self.conn.close()
