"""The page and view registries: a class registers itself once, for one scene page, and names it."""

import pytest

from convviz.scene.scenes import ConvScene, PoolScene
from convviz.ui.pages import create_page
from convviz.ui.registry import Registry
from convviz.ui.views import create_view


def test_a_registered_class_is_found_by_its_page_and_knows_it():
    registry = Registry("view")

    @registry.shows(PoolScene)
    class PoolThing:
        pass

    assert registry.class_for("pool") is PoolThing and PoolThing.kind == "pool"
    assert registry.pages() == ("pool",)


def test_a_second_class_for_the_same_page_is_refused():
    registry = Registry("page")

    @registry.shows(ConvScene)
    class First:
        pass

    with pytest.raises(TypeError, match="the conv page already has a page: First"):

        @registry.shows(ConvScene)
        class Second:
            pass

    assert registry.class_for("conv") is First


@pytest.mark.parametrize(
    "create, page, words",
    [
        (create_view, "start", "no view shows the start page"),
        (create_page, "nonsense", "no page shows the nonsense page"),
    ],
)
def test_a_page_without_a_class_says_so(qapp, create, page, words):
    with pytest.raises(ValueError, match=words):
        create(page)
