"""Certificate numbers (gapless per prefix and year, taken under a row lock) and validity."""

from datetime import date

from mentors.models.certificates import CertificateNumberSequence


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def expiry_date(issued: date, validity_years: int | None) -> date | None:
    if not validity_years:
        return None
    try:
        return issued.replace(year=issued.year + validity_years)
    except ValueError:  # 29 February
        return issued.replace(year=issued.year + validity_years, day=28)


def take_numbers(prefix: str, year: int, count: int) -> range:
    """``count`` consecutive numbers of the year; the row lock is held until the caller's transaction ends, so a
    rollback (say, a second certificate refused by the constraint) gives the numbers back."""
    CertificateNumberSequence.objects.get_or_create(prefix=prefix, year=year)
    sequence = CertificateNumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return range(first, first + count)


def take_number(prefix: str, year: int) -> int:
    return take_numbers(prefix, year, 1)[0]
