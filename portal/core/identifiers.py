"""Publication identifiers, checked the way their registries define them.

- ISBN: ten digits (the last may be X) with the ISO 2108 weighted sum divisible by 11, or
  thirteen digits starting 978 or 979 with the EAN-13 check digit;
- ISSN: eight digits (the last may be X) with the ISO 3297 check digit, written NNNN-NNNC;
- DOI: "10.", a registrant code of four or more digits (dots allowed), "/" and a suffix of
  visible characters (the DOI Handbook, 2.2); a resolver URL in front is taken off.

Hyphens and spaces between the digits of an ISBN or ISSN are allowed, as printed.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOI_PATTERN = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
DOI_RESOLVERS = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def _digits(value):
    return re.sub(r"[\s-]", "", str(value)).upper()


def isbn_is_valid(value):
    digits = _digits(value)
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", digits):
        total = sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def issn_is_valid(value):
    digits = _digits(value)
    if not re.fullmatch(r"\d{7}[\dX]", digits):
        return False
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def normal_doi(value):
    """The DOI without a resolver in front ("https://doi.org/10.1/x" -> "10.1/x")."""
    text = str(value).strip()
    for prefix in DOI_RESOLVERS:
        if text.lower().startswith(prefix):
            return text[len(prefix) :]
    return text


def validate_isbn(value):
    if not isbn_is_valid(value):
        raise ValidationError(
            _(
                "This is not a valid ISBN: it needs 10 or 13 digits (13 starting with 978 or "
                "979) whose check digit is right. Copy it again from the publication."
            ),
            code="invalid_isbn",
        )


def validate_issn(value):
    if not issn_is_valid(value):
        raise ValidationError(
            _(
                "This is not a valid ISSN: it needs 8 digits, written like 1234-567X, whose "
                "check digit is right."
            ),
            code="invalid_issn",
        )


def validate_doi(value):
    if not DOI_PATTERN.fullmatch(normal_doi(value)):
        raise ValidationError(
            _("This is not a DOI: a DOI starts with “10.”, a number, “/” and a suffix."),
            code="invalid_doi",
        )
