"""Limits on failed logins (through django-axes) and on e-mails people may have sent (password reset, requests).

Logins. django-axes puts its backend in front of every ``authenticate()`` call, so every way in shares one throttle:
the site's login, Wagtail's admin login and anything else that authenticates a request. The counting follows OWASP's
advice instead of axes' single limit, so that nobody can lock somebody else out:

- per client address (``LOGIN_THROTTLE_IP_ATTEMPTS``): one machine guessing many accounts; higher than the others
  because a school's teachers share one address behind its router;
- per (address, account) (``LOGIN_THROTTLE_ATTEMPTS``): one machine guessing one account;
- per account (``LOGIN_THROTTLE_ACCOUNT_ATTEMPTS``): a much higher ceiling against a guessing botnet, which the owner
  passes with the device cookie that an earlier successful login left in the browser, or by resetting the password by
  e-mail (the reset clears the account's counts).

An account is counted under one key whether the login names its e-mail or its username (``login_account``); logins of
no account are counted as typed, lowercased, so the limits reveal nothing about which accounts exist.

Counts live in the Django cache (Redis in production, which production requires, so that every worker shares them),
counted by the plugin's counters (``course.throttling``).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse

from axes.handlers.cache import AxesCacheHandler
from axes.signals import user_locked_out

from course.throttling import Counter, client_ip, retry_after

DEVICE_COOKIE = "lms_device"
DEVICE_COOKIE_SALT = "accounts.throttling.device"
# Accounts one browser is trusted for (a school's shared computer has several).
DEVICE_COOKIE_ACCOUNTS = 5


# Logins


def account_for_login(login: str) -> str:
    """One key per account, whichever of its e-mail or username the login names; the login itself for no account.

    The same account the backend tries first (a username match before an e-mail match), so that guesses at an
    account are counted where its owner's failures are.
    """
    login = login.strip()
    user_model = get_user_model()
    pk = (
        user_model._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .annotate(
            username_match=Case(
                When(username__iexact=login, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("username_match", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    # The prefixes keep an account's key from ever equalling a client address's.
    return f"user:{pk}" if pk is not None else f"login:{login.lower()}"


def login_account(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the account a login attempt is for, looked up once per request."""
    credentials = credentials or {}
    login = credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("email")
    if not login and request is not None:
        login = request.POST.get("username")
    if not login or not isinstance(login, str):
        return None
    known = getattr(request, "_login_accounts", None)
    if known is None:
        known = {}
        if request is not None:
            request._login_accounts = known
    if login not in known:
        known[login] = account_for_login(login)
    return known[login]


def trusted_accounts(request: HttpRequest) -> list[str]:
    """The accounts this browser has logged into before, from its signed device cookie (OWASP's device cookies)."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return []
    try:
        accounts = signing.loads(value, salt=DEVICE_COOKIE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return []
    if not isinstance(accounts, list):
        return []
    return [account for account in accounts if isinstance(account, str)][:DEVICE_COOKIE_ACCOUNTS]


def device_cookie_value(request: HttpRequest, account: str) -> str:
    accounts = [account, *(known for known in trusted_accounts(request) if known != account)]
    return signing.dumps(accounts[:DEVICE_COOKIE_ACCOUNTS], salt=DEVICE_COOKIE_SALT)


def login_counters(request: HttpRequest, account: str | None) -> list[Counter]:
    """The counters a login attempt from this request for this account is held by."""
    window = settings.LOGIN_THROTTLE_WINDOW
    address = client_ip(request)
    counters = [Counter("login-address", address, settings.LOGIN_THROTTLE_IP_ATTEMPTS, window)]
    if account:
        counters.append(
            Counter("login-address-account", f"{address}\n{account}", settings.LOGIN_THROTTLE_ATTEMPTS, window)
        )
        if account not in trusted_accounts(request):
            counters.append(Counter("login-account", account, settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS, window))
    return counters


def account_counters(request: HttpRequest, account: str) -> list[Counter]:
    """What a success or a password reset clears: the account's own counts, never the address's (a guesser who logs
    into an account of their own between guesses gains nothing)."""
    window = settings.LOGIN_THROTTLE_WINDOW
    return [
        Counter("login-address-account", f"{client_ip(request)}\n{account}", settings.LOGIN_THROTTLE_ATTEMPTS, window),
        Counter("login-account", account, settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS, window),
    ]


def login_retry_after(request: HttpRequest, credentials: dict | None = None) -> int:
    """Seconds until a login attempt from this request may be tried; 0 when it may now."""
    return retry_after(login_counters(request, login_account(request, credentials)))


class LoginThrottleHandler(AxesCacheHandler):
    """django-axes' handler with OWASP's counters: a limit per address, per (address, account) and per account.

    Axes itself compares every counter with one limit, which would let anybody lock an account by failing from many
    addresses; here each counter has its own limit, the account's is waived for the owner's devices, and a success
    clears only the account's counts.
    """

    def __init__(self):
        # The cache is looked up at each call (``accounts.throttling.cache``), not kept from start-up.
        pass

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        wait = login_retry_after(request, credentials)
        request.login_retry_after = wait
        return wait > 0

    def get_failures(self, request, credentials: dict | None = None) -> int:
        counters = login_counters(request, login_account(request, credentials))
        return max((cache.get(counter.key) or 0) for counter in counters)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return
        request.axes_credentials = credentials
        if getattr(request, "axes_locked_out", False):
            # Refused by the throttle without a check of the password: not counted, so the block keeps its end.
            return
        account = login_account(request, credentials)
        # Every counter counts the failure (a list, not a generator that any() would stop early).
        reached = [counter.hit() for counter in login_counters(request, account)]
        if any(reached):
            user_locked_out.send("axes", request=request, username=account, ip_address=client_ip(request))

    def user_logged_in(self, sender, request, user, **kwargs):
        if request is None:
            return
        account = f"user:{user.pk}"
        for counter in account_counters(request, account):
            counter.reset()
        request.login_device_cookie = device_cookie_value(request, account)

    def user_logged_out(self, sender, request, user, **kwargs):
        pass

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        # Axes' management commands; the counts expire by themselves within a window.
        return 0


def unlock_account(request: HttpRequest, user) -> None:
    """The owner proved the mailbox (a password reset): the account's counts go, this address's for it too."""
    for counter in account_counters(request, f"user:{user.pk}"):
        counter.reset()


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None):
    """``AXES_LOCKOUT_CALLABLE``: the login page as its view rendered it (its form says why), answering 429."""
    wait = getattr(request, "login_retry_after", 0) or login_retry_after(request, credentials)
    response = original_response if original_response is not None else HttpResponse(status=429)
    response.status_code = 429
    if wait:
        response["Retry-After"] = str(wait)
    return response


# E-mails sent on request


class PasswordResetThrottle:
    """Password-reset requests, the site's and the admin's, counted per client IP address and per e-mail address.

    Every request counts, whether or not an account has the address, so the limit reveals nothing about accounts;
    the per-address count stops anyone from flooding one mailbox from many machines.
    """

    def __init__(self, request: HttpRequest | None, email: str | None):
        limit, window = settings.PASSWORD_RESET_THROTTLE_ATTEMPTS, settings.LOGIN_THROTTLE_WINDOW
        self.counters = []
        if request is not None:
            self.counters.append(Counter("reset-ip", client_ip(request), limit, window))
        if email:
            self.counters.append(Counter("reset-email", email.strip().lower(), limit, window))

    def retry_after(self) -> int:
        return retry_after(self.counters)

    def hit(self) -> None:
        for counter in self.counters:
            counter.hit()
