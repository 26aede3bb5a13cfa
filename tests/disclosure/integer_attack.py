"""An exact attacker for whole packs: an integer program over everything packs publish about
the record-level requests, asked for the least and the greatest each withheld figure can be.

The unknowns are what a reader would like to know: for each calendar month, how many plans
were issued (exception cases left out) in each band of weeks taken, and how many requests were
received. Every published figure is a whole-number linear constraint on them:

* a count shown as ``v`` with rounding base ``b`` lies in ``[v - b/2, v + b/2)`` and, being
  shown, is not small (the policy shows no count from 1 to threshold - 1);
* a withheld count is at least the least a withheld count can be (1 where zeros are shown);
* a percentage shown as ``p`` to ``d`` decimals is ``100 * within / plans`` rounded half up, so
  ``p - h <= 100 * within / plans < p + h`` with ``h = 0.5 * 10**-d``, multiplied out into
  whole numbers (exact, no floating point); being shown, none of within, plans and late is
  small; where counts are rounded, it is worked out from the rounded counts;
* ``–`` (no percentage) says no plans were issued in the period.

A withheld figure is *recovered* when its least and greatest possible values are equal, and a
small count is *implied* when every possible value of a count that is small in truth lies in
the small range (so the reader knows it is small). Both are checked exactly, with OR-Tools'
CP-SAT solver (exact for whole-number programs; each question starts from the true counts as a
hint, which speeds the search and changes no answer): a question it cannot settle in its time
limit fails the audit rather than pass it.

Independent of the library: nothing here imports ``wsoa_analysis.disclosure``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ortools.sat.python import cp_model

#: More than any count in a pack: the unknowns' upper bound (the solver wants one).
_BIG = 10**5
#: Seconds the solver may take over one question before the audit gives up on it (and fails).
TIME_LIMIT = 60.0
#: The bands of weeks from request to plan, as the pack labels them; the first five are the
#: plans issued within 20 weeks.
BINS = (
    "6 or less",
    "over 6 to 10",
    "over 10 to 14",
    "over 14 to 18",
    "over 18 to 20",
    "over 20 to 26",
    "over 26 to 40",
    "over 40 to 52",
    "over 52",
)
WITHIN = BINS[:5]
LATE = BINS[5:]
PARTS = {"all": BINS, "within": WITHIN, "late": LATE, **{b: (b,) for b in BINS}}
_COARSE = {"all": ("within", "late"), "within": ("within",), "late": ("late",)}


def _true_part(truth: Mapping, population: str, month: str, part: str) -> int:
    """The true count of a model unknown, from the true counts by month and band."""
    if population == "requests" or part in BINS:
        return truth.get((population, month, part), 0)
    return sum(truth.get((population, month, b), 0) for b in PARTS[part])


@dataclass(frozen=True, order=True)
class Count:
    """A count of children: plans issued in ``months`` (``part``: ``all``, ``within`` 20 weeks,
    ``late`` or a band of weeks), or requests received in ``months``."""

    population: str  # "plans" or "requests"
    part: str
    months: tuple[str, ...]  # "2022-07", ...

    def __str__(self) -> str:
        span = self.months[0] if len(self.months) == 1 else f"{self.months[0]}..{self.months[-1]}"
        what = self.population if self.part == "all" else f"{self.population} {self.part}"
        return f"{what} [{span}]"


@dataclass(frozen=True, order=True)
class Rate:
    """The percentage of the plans issued in ``months`` that were issued within 20 weeks."""

    months: tuple[str, ...]

    def __str__(self) -> str:
        return f"% within 20 weeks [{self.months[0]}..{self.months[-1]}]"

    @property
    def within(self) -> Count:
        return Count("plans", "within", self.months)

    @property
    def late(self) -> Count:
        return Count("plans", "late", self.months)

    @property
    def plans(self) -> Count:
        return Count("plans", "all", self.months)


@dataclass(frozen=True)
class Figure:
    """One published figure: what it is of, how it was published and where.

    ``value`` is None where withheld (``withheld``) or where there is no figure (``–``, a rate
    of no plans). ``step`` is the precision it is shown to: for a count its rounding base, for a
    percentage ``10 ** -decimals`` as a Fraction. ``per``: the figure is an average of the
    count over this many months (``62 a month``), rounded to ``step``.
    """

    subject: Count | Rate
    value: Fraction | None
    withheld: bool
    step: Fraction
    where: str
    per: int = 1

    def describe(self) -> str:
        shown = "c" if self.withheld else "–" if self.value is None else str(float(self.value))
        return f"{self.subject} = {shown} ({self.where})"


def month_span(first: str, last: str) -> tuple[str, ...]:
    """Every month from ``first`` to ``last`` ("YYYY-MM"), both included."""
    y0, m0 = map(int, first.split("-"))
    y1, m1 = map(int, last.split("-"))
    out = []
    while (y0, m0) <= (y1, m1):
        out.append(f"{y0:04d}-{m0:02d}")
        y0, m0 = (y0 + 1, 1) if m0 == 12 else (y0, m0 + 1)
    return tuple(out)


@dataclass(frozen=True)
class Policy:
    """What the reader knows of the disclosure policy (it is published in the footnote)."""

    threshold: int = 5
    suppress_zero: bool = False
    rounding_base: int = 1
    rates_of_rounded: bool = True  # with rounding, percentages of the rounded counts

    @property
    def rounds_rates(self) -> bool:
        return self.rounding_base > 1 and self.rates_of_rounded

    @property
    def lowest_withheld(self) -> int:
        return 0 if self.suppress_zero else 1

    def is_small(self, value: int) -> bool:
        return 0 < value < self.threshold or (self.suppress_zero and value == 0)


@dataclass
class Finding:
    """A withheld figure worked out, or a small count implied."""

    count: Count
    kind: str  # "recovered" or "implied small"
    low: int
    high: int
    truth: int
    figures: list[Figure] = field(default_factory=list)

    def __str__(self) -> str:
        where = "; ".join(sorted({f.where for f in self.figures})) or "not published"
        return (
            f"{self.kind}: {self.count} is {self.low}..{self.high} (truth {self.truth}); "
            f"published at {where}"
        )


class Attack:
    """The integer program for a set of published figures.

    ``truth`` gives the true counts by month and band (``truth[("plans", month, band)]``,
    ``truth[("requests", month, "all")]``): every figure must allow it (which checks that the
    figures were read back right), and a value a question asks about is compared with it. It
    is never a constraint.
    """

    def __init__(self, figures: Sequence[Figure], policy: Policy, truth: Mapping):
        self.figures = list(figures)
        self.policy = policy
        self.months = sorted({m for f in self.figures for m in f.subject.months})
        # Bands of weeks where a figure counts a band; elsewhere only within and late matter,
        # so a month has two unknowns instead of nine (the program is the same, but smaller).
        banded = {
            m
            for f in self.figures
            if isinstance(f.subject, Count) and f.subject.part in BINS
            for m in f.subject.months
        }
        self.parts = {m: BINS if m in banded else ("within", "late") for m in self.months}
        self.model = cp_model.CpModel()
        self.vars: dict[tuple[str, str, str], cp_model.IntVar] = {}
        for m in self.months:
            for part in self.parts[m]:
                self.vars[("plans", m, part)] = self.model.new_int_var(0, _BIG, f"p{m}{part}")
            self.vars[("requests", m, "all")] = self.model.new_int_var(0, _BIG, f"r{m}")
        self.truth = {key: _true_part(truth, *key) for key in self.vars}
        for f in self.figures:
            self._constrain(f)
        self.solutions: list[dict] = [self.truth]
        self.questions = 0
        self._check_truth()

    # --- the model -------------------------------------------------------------------------

    def _keys(self, count: Count) -> list[tuple[str, str, str]]:
        if count.population == "requests":
            return [("requests", m, "all") for m in count.months]
        keys = []
        for m in count.months:
            have = self.parts[m]
            wanted = PARTS[count.part] if have == BINS else _COARSE[count.part]
            keys += [("plans", m, p) for p in wanted]
        return keys

    def expr(self, count: Count):
        return sum(self.vars[key] for key in self._keys(count))

    def value(self, count: Count, solution: Mapping) -> int:
        return sum(solution.get(key, 0) for key in self._keys(count))

    def _not_small(self, e, can_be_zero: bool, high: int | None = None) -> None:
        """``e`` is not small: at least the threshold, or 0 where ``can_be_zero`` (never when
        zeros are small too). ``high``: the most it can be, if known."""
        t = self.policy.threshold
        if t <= 1:
            return
        if not can_be_zero or self.policy.suppress_zero:
            self.model.add(e >= t)
        elif high is not None and high < t:
            self.model.add(e == 0)
        else:
            self.model.add_linear_expression_in_domain(
                e, cp_model.Domain.from_intervals([[0, 0], [t, _BIG * len(self.months)]])
            )

    def _rounded(self, e, base: int):
        """A new unknown: ``e`` rounded half up to a multiple of ``base``, in units of base."""
        u = self.model.new_int_var(0, _BIG, "")
        self.model.add(2 * e >= 2 * base * u - base)
        self.model.add(2 * e <= 2 * base * u + base - 1)
        return u

    def _constrain(self, f: Figure) -> None:
        if isinstance(f.subject, Count):
            self._constrain_count(f)
        else:
            self._constrain_rate(f)

    def _constrain_count(self, f: Figure) -> None:
        e = self.expr(f.subject)
        if f.per > 1:  # an average a month, of the counts as shown (rounded, if they are)
            if f.value is not None and not f.withheld:
                base = self.policy.rounding_base
                if base > 1:
                    e = sum(base * self._rounded(self.vars[k], base) for k in self._keys(f.subject))
                low, high = _average_interval(f)
                self.model.add(e >= low)
                self.model.add(e <= high)
            return
        if f.withheld:
            self.model.add(e >= self.policy.lowest_withheld)
            return
        if f.value is None:
            return
        low, high = _count_interval(f.value, f.step, self.policy.rounding_base)
        self.model.add(e >= low)
        self.model.add(e <= high)
        if low < self.policy.threshold:  # a shown count is not small
            self._not_small(e, can_be_zero=low <= 0, high=high)

    def _constrain_rate(self, f: Figure) -> None:
        rate = f.subject
        n, k, late = self.expr(rate.plans), self.expr(rate.within), self.expr(rate.late)
        if f.withheld:
            return
        if f.value is None:  # "–": no plans at all
            self.model.add(n == 0)
            return
        low = (f.value - f.step / 2) / 100  # p - h <= 100 k / n < p + h, as fractions
        high = (f.value + f.step / 2) / 100
        self._not_small(n, can_be_zero=False)
        self._not_small(k, can_be_zero=low <= 0)
        self._not_small(late, can_be_zero=high > 1)
        base = self.policy.rounding_base
        if self.policy.rounds_rates:  # worked out from the rounded counts
            n, k = self._rounded(n, base), self._rounded(k, base)
            self.model.add(n >= 1)
        self.model.add(low.denominator * k >= low.numerator * n)
        self.model.add(high.denominator * k <= high.numerator * n - 1)

    def _check_truth(self) -> None:
        """Every figure must allow the true counts; a figure that does not was misread."""
        wrong = [
            f.describe()
            for f in self.figures
            if not _allows(f, self.truth, self.policy, self.value)
        ]
        if wrong:
            raise AssertionError(
                "published figures that the true counts do not give (misread?):\n"
                + "\n".join(wrong[:20])
            )

    # --- asking ----------------------------------------------------------------------------

    def possible(self, count: Count, low: int | None = None, high: int | None = None) -> bool:
        """Whether ``count`` can lie in ``[low, high]`` (either end open when None), given
        every figure. Raises if the solver cannot settle it in its time limit."""
        for sol in self.solutions:  # a solution found before may already answer it
            v = self.value(count, sol)
            if (low is None or v >= low) and (high is None or v <= high):
                return True
        model = self._from_truth()
        e = sum(model.get_int_var_from_proto_index(v.index) for v in self._vars_of(count))
        if low is not None:
            model.add(e >= low)
        if high is not None:
            model.add(e <= high)
        solver = _solver()
        status = solver.solve(model)
        self.questions += 1
        if status == cp_model.INFEASIBLE:
            return False
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise AssertionError(
                f"the solver could not settle whether {count} can be "
                f"in [{low}, {high}] ({solver.status_name(status)})"
            )
        self.solutions.append({key: solver.value(v) for key, v in self.vars.items()})
        return True

    def solutions_for(self, other: Attack) -> list[dict]:
        """This program's solutions as ``other``'s unknowns: where ``other``'s figures are
        some of this one's, each is a solution of ``other`` too (fewer figures, fewer
        constraints), so it answers its questions without the solver."""
        out = []
        for sol in self.solutions:
            out.append({key: self.value(_unknown_as_count(key), sol) for key in other.vars})
        return out

    def _from_truth(self) -> cp_model.CpModel:
        """A copy of the program to add a question to, told to start its search from the
        true counts (a hint only: it finds nearby solutions at once, and changes no answer)."""
        model = self.model.clone()
        for key, v in self.vars.items():
            model.add_hint(model.get_int_var_from_proto_index(v.index), self.truth[key])
        return model

    def _vars_of(self, count: Count):
        return [self.vars[key] for key in self._keys(count)]

    def bounds(self, count: Count) -> tuple[int, int]:
        """The least and greatest value ``count`` can take (``_BIG`` stands for no limit)."""
        out = []
        for sense in (1, -1):
            model = self._from_truth()
            e = sum(model.get_int_var_from_proto_index(v.index) for v in self._vars_of(count))
            model.minimize(sense * e)
            solver = _solver()
            status = solver.solve(model)
            self.questions += 1
            assert status == cp_model.OPTIMAL, solver.status_name(status)
            out.append(int(sense * solver.objective_value))
        return out[0], out[1]

    def findings(self, counts: Iterable[Count], figures_of: Mapping | None = None) -> list[Finding]:
        """For each count: recovered (only its true value is possible) or, where it is small
        in truth, implied small (no value outside the small range is possible)."""
        out = []
        t = self.policy.threshold
        for count in counts:
            truth = self.value(count, self.truth)
            related = list((figures_of or {}).get(count, []))
            if not (self.possible(count, high=truth - 1) or self.possible(count, low=truth + 1)):
                out.append(Finding(count, "recovered", truth, truth, truth, related))
                continue
            if self.policy.is_small(truth):
                leaves = self.possible(count, low=t)
                if not leaves and not self.policy.suppress_zero:
                    leaves = self.possible(count, high=0)
                if not leaves:
                    lo, hi = self.bounds(count)
                    out.append(Finding(count, "implied small", lo, hi, truth, related))
        return out


def _unknown_as_count(key: tuple[str, str, str]) -> Count:
    population, month, part = key
    return Count(population, part, (month,))


def _solver() -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = TIME_LIMIT
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 1
    return solver


def _count_interval(value: Fraction, step: Fraction, base: int) -> tuple[int, int]:
    """The whole numbers a count shown as ``value`` can be, ``[low, high]``: a multiple of the
    policy's rounding base may have been rounded; any other value was shown as it is (to its
    precision ``step``, where it has a fraction, as a chart's coordinates can)."""
    if value.denominator != 1:
        return math.ceil(value - step / 2), math.floor(value + step / 2)
    v = int(value)
    b = int(step)
    if b > 1 and v % b == 0:  # rounded half up to a multiple of b: v - b/2 <= x < v + b/2
        return v - b // 2, v + (b - 1) // 2
    return v, v


def _allows(f: Figure, truth: Mapping, policy: Policy, value) -> bool:
    """Whether the true counts give figure ``f`` (``value(count, truth)`` counts them)."""
    if isinstance(f.subject, Count) and f.per > 1:
        if f.value is None or f.withheld:
            return True
        b = policy.rounding_base
        x = sum(
            _half_up(value(Count(f.subject.population, f.subject.part, (m,)), truth), b)
            for m in f.subject.months
        )
        low, high = _average_interval(f)
        return low <= x <= high
    if isinstance(f.subject, Count):
        x = value(f.subject, truth)
        if f.withheld:
            return x >= policy.lowest_withheld
        if f.value is None:
            return True
        low, high = _count_interval(f.value, f.step, policy.rounding_base)
        return low <= x <= high and not policy.is_small(x)
    n, k = value(f.subject.plans, truth), value(f.subject.within, truth)
    if f.withheld:
        return True
    if f.value is None:
        return n == 0
    if any(policy.is_small(x) for x in (n, k, n - k)):
        return False
    b = policy.rounding_base
    if policy.rounds_rates:
        n, k = _half_up(n, b), _half_up(k, b)
    if n == 0:
        return False
    p = Fraction(100 * k, n)
    return f.value - f.step / 2 <= p < f.value + f.step / 2


def _average_interval(f: Figure) -> tuple[int, int]:
    """The totals an average a month shown as ``f.value`` can come from."""
    low = math.ceil(f.per * (f.value - f.step / 2))
    high = math.ceil(f.per * (f.value + f.step / 2)) - 1
    return low, high


def _half_up(x: int, base: int) -> int:
    return ((2 * x + base) // (2 * base)) * base


def pairs(items: Sequence) -> list[tuple]:
    """Consecutive pairs: (a, b), (b, c), ..."""
    return list(itertools.pairwise(items))
