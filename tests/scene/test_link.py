"""The convviz:// link format: every valid scene survives a round trip, every bad link names its fault."""

from __future__ import annotations

import base64
import io
from urllib.parse import parse_qsl

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from convviz.engine import PADDING_MODES
from convviz.scene.images import encode_png
from convviz.scene.inputs import INPUT_PRESETS
from convviz.scene.kernels import KERNEL_PRESETS
from convviz.scene.link import LAST_STEP, LinkError, format_link, parse_link
from convviz.scene.model import format_rows
from convviz.scene.scenes import ConvScene, StartScene

FINITE_F32 = st.floats(width=32, allow_nan=False, allow_infinity=False)


def _pairs(low: int, high: int):
    """Equal pairs (written as one number) and per-axis pairs (written HxW) alike."""
    values = st.integers(low, high)
    return st.one_of(values.map(lambda v: (v, v)), st.tuples(values, values))


def _row_text(max_side: int, min_side: int = 1):
    shapes = st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side))
    return hnp.arrays(np.float32, shapes, elements=FINITE_F32).map(lambda a: (format_rows(a), a.shape))


@st.composite
def scenes(draw) -> ConvScene:
    """Any scene of the conv page that a link can carry."""
    sizes = st.tuples(st.integers(3, 512), st.integers(3, 512))
    kind = draw(st.sampled_from(["preset", "rows", "png"]))
    if kind == "preset":
        source, size = draw(st.sampled_from(INPUT_PRESETS)), draw(sizes)
    elif kind == "rows":
        source, shape = draw(_row_text(6, min_side=3))  # an input is at least 3x3
        size = draw(st.one_of(st.just(shape), sizes))  # its own shape, or shown resized to another
    else:
        shape = hnp.array_shapes(min_dims=2, max_dims=2, max_side=8)
        picture = draw(hnp.arrays(np.float64, shape, elements=st.floats(0, 1)))
        source, size = encode_png(picture), draw(sizes)
    kernel = draw(st.one_of(st.sampled_from(KERNEL_PRESETS), _row_text(9).map(lambda pair: pair[0])))
    return ConvScene(
        input=source,
        size=size,
        kernel=kernel,
        stride=draw(_pairs(1, 32)),
        padding=draw(st.one_of(st.just("same"), _pairs(0, 64))),
        dilation=draw(_pairs(1, 32)),
        padding_mode=draw(st.sampled_from(PADDING_MODES)),
        flip=draw(st.booleans()),
        step=draw(st.integers(0, LAST_STEP - 1)),
    )


def _query(link: str) -> dict[str, str]:
    return dict(parse_qsl(link.partition("?")[2], keep_blank_values=True))


@settings(max_examples=150, deadline=None)
@given(scenes())
def test_every_scene_survives_a_round_trip(scene):
    """A link fully restores a page, and re-writing the parsed scene gives the same text."""
    link = format_link(scene)
    assert link.startswith("convviz://conv?")
    assert parse_link(link) == scene
    assert format_link(parse_link(link)) == link


def test_start_page_round_trip():
    """The start page has no keys: its link is just the page."""
    assert format_link(StartScene()) == "convviz://start"
    assert parse_link("convviz://start") == StartScene()
    assert parse_link("convviz://start/") == StartScene()


def test_default_scene_link_lists_every_key_in_a_fixed_order():
    """Every key the conv page uses is written, so a link never depends on today's defaults."""
    keys = list(_query(format_link(ConvScene())))
    assert keys == [
        "input",
        "size",
        "kernel",
        "stride",
        "padding",
        "dilation",
        "padding_mode",
        "flip",
        "step",
    ]


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            "convviz://conv?input=digit7&size=20x24&kernel=1,0,-1;2,0,-2;1,0,-1&stride=2&padding=1x2"
            "&dilation=1&padding_mode=reflect&flip=1&step=5",
            ConvScene(
                input="digit7",
                size=(20, 24),
                kernel="1,0,-1;2,0,-2;1,0,-1",
                stride=(2, 2),
                padding=(1, 2),
                dilation=(1, 1),
                padding_mode="reflect",
                flip=True,
                step=4,  # step=5 is the fifth step, index 4
            ),
        ),
        (
            # the rows example of the design document: size comes from the rows
            "convviz://conv?input=0,1,0;1,1,1;0,1,0&kernel=sobel_x&padding=same&dilation=2x3",
            ConvScene(
                input="0,1,0;1,1,1;0,1,0", size=(3, 3), kernel="sobel_x", padding="same", dilation=(2, 3)
            ),
        ),
        ("convviz://conv", ConvScene()),
        ("convviz://conv?", ConvScene()),
        ("convviz://conv?kernel=gaussian&size=28", ConvScene(kernel="gaussian", size=(28, 28))),
        ("convviz://conv?stride=3X4", ConvScene(stride=(3, 4))),  # the x of HxW in either case
    ],
)
def test_hand_written_links(link, expected):
    """Links typed by hand (or copied from the docs) open the scene they describe; missing keys keep
    their defaults."""
    assert parse_link(link) == expected


@pytest.mark.parametrize(
    ("field", "value", "key", "text"),
    [
        ("stride", (2, 2), "stride", "2"),
        ("stride", (2, 3), "stride", "2x3"),
        ("dilation", (4, 4), "dilation", "4"),
        ("dilation", (1, 4), "dilation", "1x4"),
        ("padding", (0, 0), "padding", "0"),
        ("padding", (3, 1), "padding", "3x1"),
        ("padding", "same", "padding", "same"),
        ("size", (28, 28), "size", "28x28"),
        ("size", (10, 30), "size", "10x30"),
        ("flip", True, "flip", "1"),
        ("flip", False, "flip", "0"),
    ],
)
def test_written_form_of_values(field, value, key, text):
    """Per-axis values are written HxW only when the axes differ; size is always HxW."""
    assert _query(format_link(ConvScene(**{field: value})))[key] == text


def test_rows_input_leaves_size_out_of_the_link():
    """Rows carry their own size: a grid of the rows' shape needs no size key."""
    link = format_link(ConvScene(input="1,2,3;4,5,6;7,8,9;1,2,3", size=(4, 3)))
    assert "size" not in _query(link)
    assert parse_link(link).size == (4, 3)


def test_png_input_keeps_its_size_and_pixels():
    """A drawn input lives in the link as png: data; the grid size it is shown at is a separate key."""
    picture = np.random.default_rng(1).random((9, 7))
    scene = ConvScene(input=encode_png(picture), size=(30, 40))
    link = format_link(scene)
    assert _query(link)["size"] == "30x40"
    assert parse_link(link) == scene


def _png_data(payload: bytes) -> str:
    return "png:" + base64.urlsafe_b64encode(payload).decode().rstrip("=")


CONV = "convviz://conv?"


@pytest.mark.parametrize(
    ("link", "words"),
    [
        ("http://conv?stride=1", ["convviz://"]),
        ("conv?stride=1", ["convviz://"]),
        ("convviz://banana?stride=1", ["page", "banana"]),
        ("convviz://", ["page"]),
        (CONV + "colour=red", ["key", "colour"]),
        ("convviz://start?stride=2", ["key", "stride"]),
        (CONV + "stride=1&stride=2", ["stride", "twice"]),
        (CONV + "stride", ["stride", "no value"]),
        (CONV + "stride=", ["stride", "no value"]),
        (CONV + "stride=0", ["stride", "0"]),
        (CONV + "stride=2x0", ["stride"]),
        (CONV + "stride=two", ["stride", "two"]),
        (CONV + "stride=1x2x3", ["stride"]),
        (CONV + "dilation=40", ["dilation", "40"]),
        (CONV + "padding=-1", ["padding", "-1"]),
        (CONV + "padding=65", ["padding", "65"]),
        (CONV + "padding=SAME", ["padding"]),
        (CONV + "padding_mode=bogus", ["padding_mode", "bogus"]),
        (CONV + "flip=2", ["flip", "2"]),
        (CONV + "flip=true", ["flip"]),
        (CONV + "step=-1", ["step", "-1"]),
        (CONV + "step=1.5", ["step"]),
        (CONV + "size=2x2", ["size", "2"]),
        (CONV + "size=513x3", ["size", "513"]),
        (CONV + "kernel=blur", ["kernel", "blur"]),
        (CONV + "kernel=digit3", ["kernel", "digit3"]),  # an input preset is not a kernel
        (CONV + "input=sobel_x", ["input", "sobel_x"]),  # and a kernel preset is not an input
        (CONV + "kernel=1,2;3", ["kernel", "same number"]),
        (CONV + "kernel=1,a;2,3", ["kernel", "numbers"]),
        (CONV + "kernel=1,nan", ["kernel", "finite"]),
        (CONV + "kernel=" + ";".join([",".join(["1"] * 10)] * 10), ["kernel", "10x10"]),
        (CONV + "input=1,2,3;4,5", ["input", "same number"]),
        (CONV + "input=1;x", ["input", "numbers"]),
        (CONV + "input=png:a", ["input", "base64"]),
        (CONV + "input=png:", ["input", "empty"]),
        (CONV + "input=" + _png_data(b"hello, not a picture"), ["input", "not an image"]),
        (CONV + "step=0", ["step", "counts from 1"]),
        (CONV + f"step={LAST_STEP + 1}", ["step", str(LAST_STEP)]),
    ],
)
def test_bad_links_name_what_is_wrong(link, words):
    """A mistyped link never silently shows something else: LinkError (a ValueError) names the fault."""
    with pytest.raises(LinkError) as caught:
        parse_link(link)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def _truncated_png() -> str:
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((5, 5), np.uint8)).save(buffer, format="PNG")
    return _png_data(buffer.getvalue()[:20])  # cut inside the IHDR chunk


def test_png_cut_inside_its_header_is_a_link_error():
    """A damaged png: value is a bad link like any other, not a crash."""
    with pytest.raises(LinkError, match="input"):
        parse_link(CONV + "input=" + _truncated_png())


def test_whitespace_in_a_pasted_link_is_ignored():
    """Links pasted from slides or mail carry line breaks and spaces."""
    pasted = "  convviz://conv?kernel=1,0;\n  0,1&stride = 2x3\r\n&padding_mode=\treflect  "
    assert parse_link(pasted) == ConvScene(kernel="1,0;0,1", stride=(2, 3), padding_mode="reflect")


def test_percent_encoded_values_and_keys_decode():
    """A link that went through a URL encoder still opens."""
    encoded = "convviz://conv?kernel=1%2C0%3B0%2C-1&%73tride=2%783&padding=%73ame"
    assert parse_link(encoded) == ConvScene(kernel="1,0;0,-1", stride=(2, 3), padding="same")


def test_percent_encoded_png_input_decodes():
    """Even the base64 of a drawn input may be percent-encoded by a mail client."""
    source = encode_png(np.eye(5))
    encoded = "".join(f"%{ord(c):02X}" for c in source)
    assert parse_link(CONV + "input=" + encoded + "&size=5x5").input == source


def test_rows_input_shown_at_another_size_keeps_both():
    """Rows with a size that differs from their shape are shown resized: the link keeps both as given."""
    rows = "1,2,3;4,5,6;7,8,9"
    scene = parse_link(CONV + f"input={rows}&size=4x6")
    assert (scene.input, scene.size) == (rows, (4, 6))
    assert _query(format_link(scene))["size"] == "4x6"
    assert parse_link(format_link(scene)) == scene
    assert parse_link(CONV + f"input={rows}&size=3x3") == parse_link(CONV + f"input={rows}")


def test_steps_count_from_one_in_links():
    """step=N is the step the player shows as N; a link without a step opens the first."""
    assert parse_link(CONV + "step=1").step == 0
    assert parse_link(CONV + "step=301").step == 300
    assert parse_link(CONV).step == 0
    assert _query(format_link(ConvScene(step=300)))["step"] == "301"


def test_every_problem_of_a_link_is_named():
    """Fixing a link one complaint at a time is tedious: all of them come at once, each on its own."""
    with pytest.raises(LinkError) as caught:
        parse_link(CONV + "strid=2&kernel=blur&flip=2&flip=1&step=0&padding=")
    problems = caught.value.problems
    assert len(problems) == 6
    for words, problem in zip(["strid", "blur", "flip", "twice", "counts from 1", "padding"], problems):
        assert words in problem
    assert str(caught.value) == "; ".join(problems)


def test_echoed_values_are_cut_to_a_readable_length():
    """A 300 kB value is named by its start and its length, not repeated whole."""
    huge = "x" * 300_000
    for link in [CONV + "flip=" + huge, CONV + huge + "=1", "convviz://" + huge]:
        with pytest.raises(LinkError) as caught:
            parse_link(link)
        message = str(caught.value)
        assert len(message) < 300 and "300,000 characters" in message


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("1 ,2", "1,2"),
        ("1.0,2", "1,2"),
        ("1.50,-0.250;1e1,+3", "1.5,-0.25;10,3"),
        ("0.1", "0.1"),
    ],
)
def test_kernel_rows_are_read_into_their_canonical_text(written, canonical):
    scene = parse_link(CONV + "kernel=" + written.replace(" ", "%20"))
    assert scene.kernel == canonical
    assert format_link(parse_link(format_link(scene))) == format_link(scene)


@pytest.mark.parametrize("character", [" ", "&", "%", "=", "#", "?", "+"])
def test_values_are_percent_encoded_where_needed(character):
    """What format_link writes reads back as written, whatever the value holds; the parser decodes
    %XX, so the formatter must encode what would otherwise mean something else."""
    source = f"digit{character}3"
    link = format_link(ConvScene(input=source))
    query = link.partition("?")[2]
    assert [item.partition("=")[0] for item in query.split("&")][0] == "input"
    assert _query(link)["input"] == source  # a standard URL decoder reads the same value


_MESSY_NUMBERS = st.sampled_from(["1", "1.0", " 2", "-0", "0.50", "1e-3", "+4", "3.", ".25", "%201"])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(_MESSY_NUMBERS, min_size=3, max_size=3), min_size=3, max_size=5),
    st.sampled_from(["", "&size=7x9", "&size=3"]),
)
def test_rewriting_a_hand_written_link_is_stable(rows, size):
    """format(parse(text)) is the canonical form of text: parsing and writing it again changes nothing."""
    text = CONV + "input=" + ";".join(",".join(row) for row in rows).replace(" ", "%20") + size
    link = format_link(parse_link(text))
    assert format_link(parse_link(link)) == link
    assert parse_link(link) == parse_link(text)


def _noise_png(side: int) -> bytes:
    buffer = io.BytesIO()
    pixels = (np.random.default_rng(0).random((side, side)) * 255).astype(np.uint8)
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "value",
    [
        _png_data(_noise_png(300)[:45_000]),  # a drawn input's link, cut short when pasted
        _png_data(b"x" * 300_000),
        "a" * 300_000,
        "1," * 150_000,
    ],
    ids=["cut-png", "not-a-png", "huge-name", "huge-rows"],
)
def test_messages_about_huge_values_are_short_and_say_each_thing_once(value):
    with pytest.raises(LinkError) as caught:
        parse_link(CONV + "input=" + value)
    message = str(caught.value)
    assert len(message) < 300
    assert message.count("input:") == 1 and message.count("damaged") <= 1
