"""Rules about accounts that forms and views share."""

import re

from accounts.models import User

# What Django's username validator accepts; anything else in an e-mail address becomes "_".
USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


def username_for_email(email: str, *, exclude_pk: int | None = None) -> str:
    """A free username made from an e-mail address.

    The address itself, lowercased, when nobody else has it as a username (case-insensitively); otherwise the address
    with ``-2``, ``-3``… appended. ``exclude_pk`` is the account being renamed, whose own username does not count.
    """
    max_length = User._meta.get_field("username").max_length
    base = USERNAME_UNSAFE.sub("_", email.strip().lower())[:max_length] or "user"
    stem = base[: max_length - 12]  # room for a "-" and a ten-digit number
    taken = {
        name.lower()
        for name in User._default_manager.exclude(pk=exclude_pk)
        .filter(username__istartswith=stem)
        .values_list("username", flat=True)
    }
    if base not in taken:
        return base
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"
