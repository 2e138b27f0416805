"""How fast people may knock on the accounts doors, counted in the shared cache.

Every limit is keyed by the client's rotating fingerprint and, where there is one, by the account:
per client stops one person hammering many accounts, per account stops many clients hammering one.
No key ever holds a raw address or a raw pseudonym.
"""

import hashlib

from accounts.client import client_fingerprint
from accounts.pseudonyms import pseudonym_key
from core.ratelimit import Limit, Verdict, hit, peek, reset

# Shelters, libraries and colleges put many people behind one address, so the per-client limits
# are generous; the per-account ones catch guessing spread over many addresses.
SIGNUP_PER_CLIENT = Limit("signup-client", 10, 3600)
LOGIN_FAILURES_PER_CLIENT = Limit("login-fail-client", 20, 900)
LOGIN_FAILURES_PER_ACCOUNT = Limit("login-fail-account", 50, 900)
RECOVERY_FAILURES_PER_CLIENT = Limit("recovery-fail-client", 10, 3600)
RECOVERY_FAILURES_PER_ACCOUNT = Limit("recovery-fail-account", 10, 3600)
PSEUDONYM_CHECKS_PER_CLIENT = Limit("pseudonym-check-client", 60, 600)
PSEUDONYM_CHECKS_PER_ACCOUNT = Limit("pseudonym-check-account", 30, 600)


def account_key(pseudonym: str) -> str:
    """The key for an account named by a visitor, whether or not it exists (so a limit reveals
    nothing), hashed so cache keys hold no names."""
    return "a" + hashlib.sha256(pseudonym_key(pseudonym).encode()).hexdigest()[:32]


def member_key(member) -> str:
    return f"m{member.pk}"


def client_key(request) -> str:
    return "c" + client_fingerprint(request)


def _worst(verdicts: list[Verdict]) -> Verdict:
    refused = [v for v in verdicts if not v.allowed]
    if refused:
        return Verdict(False, max(v.retry_after for v in refused))
    return Verdict(True)


def signup_attempt(request) -> Verdict:
    return hit(SIGNUP_PER_CLIENT, client_key(request))


def login_allowed(request, pseudonym: str) -> Verdict:
    return _worst(
        [
            peek(LOGIN_FAILURES_PER_CLIENT, client_key(request)),
            peek(LOGIN_FAILURES_PER_ACCOUNT, account_key(pseudonym)),
        ]
    )


def login_failed(request, pseudonym: str) -> None:
    hit(LOGIN_FAILURES_PER_CLIENT, client_key(request))
    hit(LOGIN_FAILURES_PER_ACCOUNT, account_key(pseudonym))


def login_succeeded(pseudonym: str) -> None:
    """The owner got in: guesses against their account stop counting. The client's count stays,
    or a guesser could clear it by logging in to an account of their own."""
    reset(LOGIN_FAILURES_PER_ACCOUNT, account_key(pseudonym))


def recovery_allowed(request, pseudonym: str) -> Verdict:
    return _worst(
        [
            peek(RECOVERY_FAILURES_PER_CLIENT, client_key(request)),
            peek(RECOVERY_FAILURES_PER_ACCOUNT, account_key(pseudonym)),
        ]
    )


def recovery_failed(request, pseudonym: str) -> None:
    hit(RECOVERY_FAILURES_PER_CLIENT, client_key(request))
    hit(RECOVERY_FAILURES_PER_ACCOUNT, account_key(pseudonym))


def pseudonym_check(request) -> Verdict:
    """Count one look-up of whether a pseudonym is free (suggestions, checks, changes)."""
    verdicts = [hit(PSEUDONYM_CHECKS_PER_CLIENT, client_key(request))]
    if request.user.is_authenticated:
        verdicts.append(hit(PSEUDONYM_CHECKS_PER_ACCOUNT, member_key(request.user)))
    return _worst(verdicts)
