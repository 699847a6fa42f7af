"""Numbers a student can check with a calculator: every number written with the digits it needs,
rounded half away from zero on its decimal form, and a formula whose written terms add up to its
written total (or that says "≈" and why)."""

import re
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.scene.link import parse_link
from convviz.scene.model import format_rows
from convviz.scene.scenes import ConvScene
from convviz.timeline.conv import ConvTimeline
from convviz.ui.numbers import (
    EXACT_DECIMALS,
    ROUNDED_DIGITS,
    format_number,
    format_value,
    round_half_away,
    shortest_decimal,
)
from convviz.ui.views.formulas import MINUS, sum_text

LESSON = "convviz://conv?input=checkerboard&size=14x14&kernel=gaussian&stride=1&padding=1"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (3.0, "3"),
        (-12.0, "-12"),
        (0.0625, "0.0625"),  # the digits it needs, not 0.06
        (np.float32(0.3), "0.3"),  # float32 read at float32 precision, not 0.30000001
        (np.float32(0.1875), "0.1875"),
        (np.float32(0.01875), "0.0188"),  # five decimals: rounded, to keep within a cell
        (1 / 3, "0.333"),  # not 0.333333333
        (np.float32(1 / 9), "0.111"),
        (76 / 255, "0.298"),
        (-0.75, "-0.75"),
        (12.34, "12.34"),
        (-1234.6, "-1234.6"),
        (123456.0, "123456"),
        (100 / 3, "33.3"),
        (12345.678, "12346"),  # never rounded left of the point
        (1.19e-7, "0"),  # float32 noise around 0
        (-2e7, "-2e7"),
        (1234567.0, "1.23e6"),
        (float("nan"), ""),
        (float("inf"), "∞"),
    ],
)
def test_format_value(value, text):
    assert format_value(value) == text


@pytest.mark.parametrize(
    ("number", "places", "rounded"),
    [("0.625", 2, "0.63"), ("2.675", 2, "2.68"), ("-0.625", 2, "-0.63"), ("0.0125", 3, "0.013")],
)
def test_rounding_is_half_away_from_zero_on_the_decimal_a_person_typed(number, places, rounded):
    """2.675 is 2.67499999... as a binary float, and Python's round(2.675, 2) gives 2.67."""
    assert round_half_away(Decimal(number), places) == Decimal(rounded)


def test_a_rounded_tie_goes_away_from_zero():
    """0.00125 has 5 decimals, so it is rounded (to 4): its tie goes up, like 0.625 to 0.63."""
    assert format_number(0.00125) == ("0.0013", False)
    assert format_number(-0.00125) == ("-0.0013", False)


@given(st.one_of(st.floats(-(2.0**33), 2.0**33, width=32), st.floats(-9.9e9, 9.9e9)))
def test_every_number_below_ten_billion_is_written_in_at_most_seven_characters(value):
    assert len(format_value(value)) <= 7


finite = st.one_of(
    st.floats(-1e7, 1e7, allow_nan=False, width=32),
    st.floats(-1e7, 1e7, allow_nan=False),
    st.decimals(-1000, 1000, places=4).map(float),
)


@given(finite)
def test_exact_numbers_read_back_and_rounded_ones_are_their_decimal_rounded(value):
    number = format_number(value)
    decimal = shortest_decimal(value)
    shown = Decimal(number.text)
    if number.exact:
        assert shown == decimal
        return
    assert shown != decimal
    if abs(value) >= 1e6:
        return  # scientific notation, 3 significant digits
    places = max(0, -shown.as_tuple().exponent)
    assert places <= EXACT_DECIMALS
    assert shown == round_half_away(decimal, places)  # the nearest at its places, ties away from 0
    assert len(shown.normalize().as_tuple().digits) <= max(ROUNDED_DIGITS, len(str(int(abs(decimal)))))


def _parse(formula: str) -> tuple[list[tuple[Decimal, Decimal]], str, Decimal, str]:
    """(a, w) of every written term, the relation ("=" or "≈"), the written total and the reason."""
    text = formula.replace(MINUS, "-")
    match = re.fullmatch(r"y\[\d+, \d+\] = (.*) ([=≈]) (\S+)(?: \((.*)\))?", text)
    assert match, formula
    terms, relation, total, reason = match.groups()
    factors = []
    for term in terms.split(" + "):
        a, w = (part.strip("()") for part in term.split("·"))
        factors.append((Decimal(a), Decimal(w)))
    return factors, relation, Decimal(total), reason or ""


def _float32_equal(total: Decimal, step) -> bool:
    """Equal but for float32 rounding: a few units of 2**-24 of the products' size per term."""
    slack = 4 * 2.0**-24 * step.products.size * float(np.abs(step.products).sum())
    return abs(float(total) - step.value) <= slack


def _check_step(timeline: ConvTimeline, index: int) -> str:
    step = timeline.step(index)
    factors, relation, total, reason = _parse(sum_text(step))
    written = sum((a * w for a, w in factors), Decimal(0))
    if relation == "=":
        assert written == total
        terms_exact = all(format_number(v).exact for v in (*step.inputs.ravel(), *step.weights.ravel()))
        assert terms_exact or format_number(step.value).exact  # a rounded term only beside an exact total
        # the output cell's text, or the engine's value (but for float32 rounding) with every digit
        assert total == Decimal(format_value(step.value)) or _float32_equal(total, step)
        return relation
    assert total == Decimal(format_value(step.value))  # the engine's value, written by the one rule
    if reason == "terms rounded":
        assert not all(format_number(v).exact for v in (*step.inputs.ravel(), *step.weights.ravel()))
    else:
        assert reason in ("total rounded", "computed in float32") and written != total
    return relation


def test_the_lesson_formula_adds_up_at_every_step():
    timeline = ConvTimeline(parse_link(LESSON))
    relations = {_check_step(timeline, index) for index in range(timeline.count)}
    assert relations == {"="}  # sixteenths are written exactly, so every sum is exact
    assert sum_text(timeline.step(15)) == (  # the "1·0.06 + 0·0.12 + … = 0.62", corrected
        "y[1, 1] = 0·0.0625 + 0·0.125 + 1·0.0625 + 0·0.125 + 0·0.25 + 1·0.125 + 1·0.0625 + 1·0.125"
        " + 0·0.0625 = 0.375"
    )


def test_a_sum_the_cell_rounds_is_written_with_all_its_digits():
    """0.3·0.0625 = 0.01875 and 0.3·0.125 = 0.0375: the cells round to 4 decimals, the formula need not."""
    image = np.zeros((3, 3))
    image[0, :2] = 0.3
    scene = ConvScene(input=format_rows(image), size=(3, 3), kernel="0.0625,0.125")
    step = ConvTimeline(scene).step(0)
    assert format_value(step.value) == "0.0563"
    assert sum_text(step) == "y[0, 0] = 0.3·0.0625 + 0.3·0.125 = 0.05625"


def test_a_rounded_term_that_adds_nothing_keeps_an_exact_total():
    """The flipped-emboss lesson: 0.15625 is written 0.156, but times 0 it adds nothing to the 0 shown."""
    timeline = ConvTimeline(parse_link("convviz://conv?input=digit7&size=12x12&kernel=emboss&flip=1"))
    step = timeline.step(20)
    assert format_value(step.inputs[0, 2]) == "0.156" and step.weights[0, 2] == 0
    assert sum_text(step).endswith("0·(−2) = 0")
    assert _check_step(timeline, 20) == "="


@pytest.mark.parametrize(("ones", "total"), [(9, "1"), (4, "0.444")])
def test_a_box_blur_says_its_terms_are_rounded(ones, total):
    """9·0.111 is not 1; 4·0.111 is 0.444, but 4/9 is not, and "=" would hide the rounding."""
    image = np.zeros(9)
    image[:ones] = 1
    scene = ConvScene(input=format_rows(image.reshape(3, 3)), size=(3, 3), kernel="box")
    text = sum_text(ConvTimeline(scene).step(0))
    assert text.endswith(f" ≈ {total} (terms rounded)")
    assert text.startswith("y[0, 0] = 1·0.111 + 1·0.111")


number = st.one_of(st.decimals(-10, 10, places=3).map(float), st.floats(-10, 10, width=32))


def rows(low: int, high: int):
    """A (h, w) list of lists of numbers, each side low..high."""
    return st.tuples(st.integers(low, high), st.integers(low, high)).flatmap(
        lambda shape: st.lists(
            st.lists(number, min_size=shape[1], max_size=shape[1]), min_size=shape[0], max_size=shape[0]
        )
    )


@settings(max_examples=60, deadline=None)
@given(image=rows(3, 4), kernel=rows(1, 3), flip=st.booleans())
def test_any_formula_is_exact_when_it_says_so(image, kernel, flip):
    image = np.array(image, np.float32)
    kernel = np.array(kernel, np.float32)
    scene = ConvScene(input=format_rows(image), size=image.shape, kernel=format_rows(kernel), flip=flip)
    timeline = ConvTimeline(scene)
    for index in range(timeline.count):
        _check_step(timeline, index)


def _labels(grid) -> dict[tuple[int, int], str]:
    rows, cols, texts, *_ = grid.cells.label_data()
    return {(int(i), int(j)): text for i, j, text in zip(rows, cols, texts, strict=True)}


@pytest.mark.parametrize("kernel", ["gaussian", "box", "0.3,-1.25;0.0625,2"])
@pytest.mark.parametrize("index", [0, 15, 100])
@pytest.mark.parametrize("decimals", [1, None])  # tenths, which are written exactly, or any value
def test_the_cells_write_the_numbers_the_formula_writes(qtbot, kernel, index, decimals):
    """The input under the window, the kernel, the products and the output cell are labelled with the
    very numbers the formula multiplies and adds."""
    from convviz.ui.views.conv_view import ConvView

    view = ConvView()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    ramp = np.linspace(0, 1, 196).reshape(14, 14)
    ramp = ramp if decimals is None else ramp.round(decimals)
    scene = parse_link(LESSON).replace(kernel=kernel, input=format_rows(ramp))
    view.load(scene)
    view.draw(index)
    step = ConvTimeline(scene).step(index)
    factors, _, total, _ = _parse(view.sum.text())
    inputs, kernel_labels = _labels(view.input), _labels(view.kernel)
    products = _labels(view.products)
    k_rows, k_cols = step.weights.shape
    for tap, (i, j) in enumerate(step.window.tolist()):
        a, w = factors[tap]
        assert Decimal(inputs[i, j]) == a
        assert Decimal(kernel_labels[divmod(tap, k_cols)]) == w
        product = products[divmod(tap, k_cols)]
        assert product == format_value(step.products.ravel()[tap])
        if all(format_number(v).exact for v in (step.inputs.ravel()[tap], step.weights.ravel()[tap])):
            assert product == format_value(float(a * w))  # what a calculator makes of the terms
    assert _labels(view.output)[step.out_cell] == format_value(step.value)
    assert total == Decimal(format_value(step.value)) or _float32_equal(total, step)
