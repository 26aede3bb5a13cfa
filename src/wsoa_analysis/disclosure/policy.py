"""The disclosure policy: the settings that decide how figures from record-level data are
protected (threshold, rounding, symbol, footnote). The protection itself is in
``disclosure``; this module stays light so settings can be read without loading pandas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from wsoa_analysis.errors import ParameterError

DEFAULT_FOOTNOTE = (
    "{symbol}: fewer than {threshold} (or a figure that would reveal one): "
    "suppressed to protect children's privacy."
)

_EXAMPLES = {
    "enabled": "enabled: true",
    "threshold": "threshold: 5",
    "suppress_zero": "suppress_zero: false",
    "rounding_base": "rounding_base: 1",
    "symbol": "symbol: c",
    "footnote": 'footnote: "{symbol}: fewer than {threshold} ..."',
}


class DisclosurePolicy(BaseModel):
    """How figures from record-level data are protected before they are published.

    Parameters
    ----------
    enabled : bool, default True
        False shows every figure as it is (for internal working only, never for a pack).
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are withheld. 1 withholds nothing.
    suppress_zero : bool, default False
        Also withhold 0 (and rates of 0% or 100%).
    rounding_base : int, default 1
        Round shown counts, half up, to a multiple of this (1 leaves them as they are).
        Percentages are then worked out from the rounded counts.
    symbol : str, default "c"
        What a withheld figure is shown as.
    footnote : str
        The note explaining the symbol; ``{symbol}`` and ``{threshold}`` are filled in.

    Raises
    ------
    ParameterError
        Naming each setting that is not valid, its value and an example of a valid one.

    Examples
    --------
    >>> DisclosurePolicy(threshold=10).threshold
    10
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    enabled: bool = True
    threshold: int = 5
    suppress_zero: bool = False
    rounding_base: int = 1
    symbol: str = "c"
    footnote: str = DEFAULT_FOOTNOTE

    def __init__(self, **data: object) -> None:
        try:
            super().__init__(**data)
        except ValidationError as err:
            raise _settings_error(err) from err

    @field_validator("threshold", "rounding_base")
    @classmethod
    def _at_least_one(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be a whole number, 1 or more")
        return value

    @field_validator("symbol")
    @classmethod
    def _symbol(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        if any(ch.isdigit() for ch in value):
            # a symbol with a digit in it could be read as a count
            raise ValueError("must not contain a digit")
        return value

    @field_validator("footnote")
    @classmethod
    def _footnote(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank: a withheld figure needs its note")
        try:
            value.format(symbol="c", threshold=5)
        except (KeyError, IndexError, ValueError) as err:
            raise ValueError("can use only {symbol} and {threshold} in braces") from err
        return value

    @property
    def lowest_withheld(self) -> int:
        """The least a withheld count can be, as a reader can tell (0 if zeros are withheld)."""
        return 0 if self.suppress_zero else 1


def _settings_error(err: ValidationError) -> ParameterError:
    lines = []
    for e in err.errors():
        name = ".".join(str(p) for p in e["loc"]) or "(section)"
        if e["type"] == "extra_forbidden":
            known = ", ".join(DisclosurePolicy.model_fields)
            lines.append(f"unknown disclosure setting {name!r} (known settings: {known})")
            continue
        msg = str(e["ctx"]["error"]) if e["type"] == "value_error" else e["msg"]
        example = _EXAMPLES.get(name)
        hint = f" (e.g. {example})" if example else ""
        lines.append(f"disclosure setting {name!r} = {e.get('input')!r}: {msg}{hint}")
    return ParameterError("\n".join(lines))


def footnote(policy: DisclosurePolicy) -> str:
    """The note that goes under every table or chart with protected figures.

    Empty when the policy is switched off (nothing is withheld, so there is nothing to explain).

    >>> footnote(DisclosurePolicy())
    "c: fewer than 5 (or a figure that would reveal one): suppressed to protect children's privacy."
    """
    if not policy.enabled:
        return ""
    text = policy.footnote.format(symbol=policy.symbol, threshold=policy.threshold)
    if policy.rounding_base > 1:
        text += (
            f" Counts are rounded to the nearest {policy.rounding_base}, so totals may "
            "not equal the sum of their parts; percentages are worked out from the rounded "
            "counts."
        )
    return text
