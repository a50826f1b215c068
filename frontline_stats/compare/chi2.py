"""Chi-square quantiles without scipy, for exact Poisson funnel limits.

chi2.ppf(p, df) = 2 * y where P(df/2, y) = p and P is the regularised lower incomplete gamma
function. P is evaluated by its power series for y < a + 1 and by the Legendre continued fraction
for Q = 1 - P otherwise (Numerical Recipes, 3rd ed., section 6.2); the quantile is found by
Newton's method safeguarded by bisection. Accurate to about 1e-12 relative (tested against
scipy.stats.chi2.ppf in the test suite; scipy is not needed at runtime).
"""

import math
from statistics import NormalDist

_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 1_000_000
_REL_TOL = 1e-14


def regularised_lower_gamma(a: float, x: float) -> float:
    """P(a, x) = gamma(a, x) / Gamma(a): the gamma(a, 1) distribution function at x."""
    if a <= 0:
        raise ValueError(f"shape a must be > 0; got {a}")
    if x <= 0:
        return 0.0
    if math.isinf(x):
        return 1.0
    if x < a + 1:
        return _series(a, x)
    return 1.0 - _continued_fraction(a, x)


def _log_prefactor(a: float, x: float) -> float:
    return -x + a * math.log(x) - math.lgamma(a)


def _series(a: float, x: float) -> float:
    # P(a, x) = e^-x x^a / Gamma(a) * sum_n x^n / (a (a+1) ... (a+n))
    term = total = 1.0 / a
    denominator = a
    for _ in range(_MAX_TERMS):
        denominator += 1.0
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPS:
            return total * math.exp(_log_prefactor(a, x))
    raise ArithmeticError(f"incomplete gamma series did not converge for a={a}, x={x}")


def _continued_fraction(a: float, x: float) -> float:
    # Q(a, x) by the modified Lentz method on the even part of Legendre's continued fraction.
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            return math.exp(_log_prefactor(a, x)) * h
    raise ArithmeticError(f"incomplete gamma continued fraction did not converge for a={a}, x={x}")


def gamma_quantile(a: float, p: float) -> float:
    """y with P(a, y) = p, for shape a > 0 and 0 < p < 1."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"probability must be strictly between 0 and 1; got {p}")
    if a <= 0:
        raise ValueError(f"shape a must be > 0; got {a}")
    lo, hi = 0.0, max(a, 1.0)
    while regularised_lower_gamma(a, hi) < p:
        lo, hi = hi, hi * 2.0
    y = min(max(_wilson_hilferty(a, p), lo), hi)
    if not lo < y < hi:
        y = 0.5 * (lo + hi)
    for _ in range(500):
        f = regularised_lower_gamma(a, y) - p
        if f == 0.0:
            return y
        if f < 0.0:
            lo = y
        else:
            hi = y
        density = math.exp((a - 1.0) * math.log(y) - y - math.lgamma(a))
        newton = y - f / density if density > 0.0 else math.nan
        y_next = newton if lo < newton < hi else 0.5 * (lo + hi)
        if abs(y_next - y) <= _REL_TOL * y_next or hi - lo <= _REL_TOL * hi:
            return y_next
        y = y_next
    return y


def _wilson_hilferty(a: float, p: float) -> float:
    # Starting point: chi2(2a) ~ 2a (1 - 1/(9a) + z sqrt(1/(9a)))^3, halved for gamma(a).
    z = NormalDist().inv_cdf(p)
    cube = 1.0 - 1.0 / (9.0 * a) + z * math.sqrt(1.0 / (9.0 * a))
    return a * cube**3 if cube > 0 else 0.0


def chi2_ppf(p: float, df: float) -> float:
    """Quantile of the chi-square distribution with ``df`` degrees of freedom (df > 0)."""
    return 2.0 * gamma_quantile(df / 2.0, p)
