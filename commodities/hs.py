"""The HS code rules every app relies on: shape, level and prefix cover."""

import re

HS_CODE_PATTERN = r"^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{8}|[0-9]{10})$"
_HS_CODE = re.compile(HS_CODE_PATTERN)


def is_hs_code(code: str) -> bool:
    return bool(_HS_CODE.match(code or ""))


def prefixes(code: str) -> list[str]:
    """Every code that covers `code`, broadest first: 870323 → 87, 8703, 870323."""
    if not is_hs_code(code):
        raise ValueError(f"{code!r} is not an HS code (2, 4, 6, 8 or 10 digits).")
    return [code[:length] for length in range(2, len(code) + 1, 2)]


def covers(scope_code: str, product_code: str) -> bool:
    """A scope line covers a product when it is the product's code or one of its ancestors."""
    return product_code.startswith(scope_code)


def range_end(code: str) -> str:
    """The first code after every code starting with `code`, for `code <= c < range_end`:
    870323 → 870324. After "99" comes no code of the same length, so the end is a code
    longer than any (eleven nines): every digit string at or above "99" starts with "99"."""
    if set(code) == {"9"}:
        return "9" * 11
    return str(int(code) + 1).zfill(len(code))


def parent_code(code: str) -> str | None:
    return code[:-2] if len(code) > 2 else None


def from_written(text) -> str:
    """An HS code as people write it (`8703.23`, `8703 23`) as the nomenclature keys it."""
    return str(text).strip().replace(".", "").replace(" ", "")


def written(code: str) -> str:
    """An HS code as people write it: 870323 → 8703.23, 8703230100 → 8703.23.01.00."""
    return ".".join([code[:4], *(code[i : i + 2] for i in range(4, len(code), 2))])
