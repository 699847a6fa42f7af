"""The Convolution page's spin boxes take their ranges from the scene fields they edit."""

from convviz.scene.scenes import ConvScene
from convviz.ui.widgets.kernel_editor import MAX_KERNEL

LINK = "convviz://conv?input=0,1,0;1,1,1;0,1,0&kernel=1,0;0,-1"


def test_each_box_allows_exactly_what_a_link_allows(open_tab):
    page = open_tab(LINK).page
    for name, editor in [
        ("size", page.input_group.grid_size),
        ("stride", page.parameters.stride),
        ("padding", page.parameters.padding),
        ("dilation", page.parameters.dilation),
    ]:
        for box in (editor.height_box, editor.width_box):
            assert (box.minimum(), box.maximum()) == ConvScene.limits(name), name
    assert page.kernel_group.editor.height_box.maximum() == MAX_KERNEL == ConvScene.limits("kernel")[1]
