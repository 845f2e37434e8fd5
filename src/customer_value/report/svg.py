"""Hand-written SVG building blocks: scales, ticks, a plot frame with labelled axes, and the
``<svg>`` wrapper. Charts are styled by the page's CSS classes (``axis``, ``grid``, ...), so the
markup stays small and every chart looks the same."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from customer_value.report.formatting import tick

#: Seed of the jitter that spreads overlapping points of the scatter plots (integer order
#: counts, P(alive) of one-time customers), so the same data draws the same picture.
JITTER_SEED = 7


def esc(text: object) -> str:
    """Escape text for SVG/HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def num(value: float) -> str:
    """A coordinate with one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class LinearScale:
    """Maps the domain ``[lo, hi]`` linearly onto the pixel range ``[start, end]``."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = (self.hi - self.lo) or 1.0
        return self.start + (float(value) - self.lo) / span * (self.end - self.start)

    def ticks(self, count: int = 5) -> list[float]:
        return nice_ticks(self.lo, self.hi, count)


@dataclass(frozen=True)
class LogScale:
    """Maps ``[lo, hi]`` (both > 0) onto ``[start, end]`` on a log10 scale."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        low, high = math.log10(self.lo), math.log10(self.hi)
        position = (math.log10(max(float(value), self.lo)) - low) / ((high - low) or 1.0)
        return self.start + position * (self.end - self.start)

    def ticks(self, count: int = 5) -> list[float]:
        return log_ticks(self.lo, self.hi)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering ``[lo, hi]`` (steps of 1, 2 or 5 x 10^n)."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def log_ticks(lo: float, hi: float) -> list[float]:
    """Powers of ten inside ``[lo, hi]``, with 2 and 5 multiples when the range is short."""
    low, high = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    multiples = (1, 2, 5) if high - low <= 3 else (1,)
    ticks = [m * 10.0**e for e in range(low, high + 1) for m in multiples]
    return [t for t in ticks if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)]


def nice_log_domain(lo: float, hi: float) -> tuple[float, float]:
    """Widen ``[lo, hi]`` outwards to whole powers of ten."""
    return 10.0 ** math.floor(math.log10(lo)), 10.0 ** math.ceil(math.log10(hi))


@dataclass(frozen=True)
class Frame:
    """A chart of ``width`` x ``height`` pixels with a plot area inside the margins."""

    width: float
    height: float
    left: float = 64
    right: float = 16
    top: float = 14
    bottom: float = 48

    @property
    def x0(self) -> float:
        return self.left

    @property
    def x1(self) -> float:
        return self.width - self.right

    @property
    def y0(self) -> float:
        """The bottom of the plot area (SVG y grows downwards)."""
        return self.height - self.bottom

    @property
    def y1(self) -> float:
        return self.top

    def x_axis(
        self,
        scale: LinearScale | LogScale,
        label: str,
        ticks: Sequence[float] | None = None,
        formatter: Callable[[float], str] = tick,
        grid: bool = False,
    ) -> str:
        """The bottom axis: line, ticks, tick labels, axis title, optional vertical grid."""
        parts = [
            f'<line class="axis" x1="{num(self.x0)}" y1="{num(self.y0)}" '
            f'x2="{num(self.x1)}" y2="{num(self.y0)}"/>'
        ]
        for value in scale.ticks() if ticks is None else ticks:
            position = scale(value)
            if grid:
                parts.append(line(position, self.y1, position, self.y0, class_="grid"))
            parts.append(
                line(position, self.y0, position, self.y0 + 4, class_="axis")
                + text(
                    position, self.y0 + 16, formatter(value), class_="tick", text_anchor="middle"
                )
            )
        parts.append(
            f'<text class="axis-label" x="{num((self.x0 + self.x1) / 2)}" '
            f'y="{num(self.height - 8)}" text-anchor="middle">{esc(label)}</text>'
        )
        return "".join(parts)

    def y_axis(
        self,
        scale: LinearScale | LogScale,
        label: str,
        ticks: Sequence[float] | None = None,
        formatter: Callable[[float], str] = tick,
        grid: bool = True,
    ) -> str:
        """The left axis: line, ticks, tick labels, rotated axis title, horizontal grid."""
        parts = [
            f'<line class="axis" x1="{num(self.x0)}" y1="{num(self.y1)}" '
            f'x2="{num(self.x0)}" y2="{num(self.y0)}"/>'
        ]
        for value in scale.ticks() if ticks is None else ticks:
            y = num(scale(value))
            if grid:
                parts.append(line(self.x0, scale(value), self.x1, scale(value), class_="grid"))
            parts.append(
                f'<text class="tick" x="{num(self.x0 - 6)}" y="{y}" text-anchor="end" '
                f'dominant-baseline="middle">{esc(formatter(value))}</text>'
            )
        middle = num((self.y0 + self.y1) / 2)
        parts.append(
            f'<text class="axis-label" x="14" y="{middle}" text-anchor="middle" '
            f'transform="rotate(-90 14 {middle})">{esc(label)}</text>'
        )
        return "".join(parts)


def document(frame: Frame, body: str, description: str) -> str:
    """Wrap ``body`` in a responsive ``<svg>`` with an accessible description."""
    return (
        f'<svg class="chart" viewBox="0 0 {num(frame.width)} {num(frame.height)}" '
        f'role="img" aria-label="{esc(description)}">'
        f"<title>{esc(description)}</title>{body}</svg>"
    )


def legend(items: Sequence[tuple[str, str]], x: float, y: float, *, row_height: float = 18) -> str:
    """A vertical legend of (label, colour) swatches starting at (x, y)."""
    parts = []
    for i, (label, colour) in enumerate(items):
        top = y + i * row_height
        parts.append(
            f'<rect x="{num(x)}" y="{num(top)}" width="11" height="11" rx="2" fill="{colour}"/>'
            f'<text class="legend" x="{num(x + 16)}" y="{num(top + 9.5)}">{esc(label)}</text>'
        )
    return "".join(parts)


def legend_row(items: Sequence[tuple[str, str]], x: float, y: float, *, gap: float = 22) -> str:
    """A horizontal legend of (label, colour) swatches; label widths estimated from their length."""
    parts = []
    for label, colour in items:
        parts.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="11" height="11" rx="2" fill="{colour}"/>'
            f'<text class="legend" x="{num(x + 16)}" y="{num(y + 9.5)}">{esc(label)}</text>'
        )
        x += 16 + 6.4 * len(label) + gap
    return "".join(parts)


def _attributes(attrs: dict[str, object]) -> str:
    """``class_="x", text_anchor="end"`` -> ``class="x" text-anchor="end"`` (None dropped)."""
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        shown = f"{value:g}" if isinstance(value, float) else esc(value)
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{shown}"')
    return "".join(parts)


def line(x1: float, y1: float, x2: float, y2: float, **attrs: object) -> str:
    """An SVG ``<line>``; keyword attributes as in :func:`_attributes`."""
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"{_attributes(attrs)}/>'
    )


def rect(x: float, y: float, width: float, height: float, **attrs: object) -> str:
    """An SVG ``<rect>``."""
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}"'
        f"{_attributes(attrs)}/>"
    )


def text(x: float, y: float, content: object, **attrs: object) -> str:
    """An SVG ``<text>`` with escaped content."""
    return f'<text x="{num(x)}" y="{num(y)}"{_attributes(attrs)}>{esc(content)}</text>'
