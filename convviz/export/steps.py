"""Which steps to export, numbered as the player shows them ("step 301 / 784"): from 1, both ends
included, either end left out (None), negatives counted from the end (-1 is the last step). Inside,
steps are 0-based indices, as a scene's step and the timelines hold them."""

from __future__ import annotations

from .errors import ExportError

StepRange = tuple[int | None, int | None]  # first and last step as the player numbers them
ALL: StepRange = (None, None)


def step_text(steps: StepRange) -> str:
    """The range as typed after --steps: '301:400', '-10:', ':'."""
    return ":".join("" if end is None else str(end) for end in steps)


def chosen_indices(steps: StepRange, count: int) -> range:
    """The 0-based indices of `steps` in an animation of `count` steps; a step that does not exist,
    or a range with nothing in it, raises ExportError saying which steps there are."""
    first, last = (_index(end, count, default) for end, default in zip(steps, (0, count - 1)))
    if first > last:
        raise ExportError(f"the step range {step_text(steps)} is empty: its first step comes after its last")
    return range(first, last + 1)


def _index(number: int | None, count: int, default: int) -> int:
    if number is None:
        return default
    if number == 0:
        raise ExportError(f"there is no step 0: steps count from 1, as the player shows them (1 to {count})")
    index = number - 1 if number > 0 else count + number
    if not 0 <= index < count:
        raise ExportError(f"there is no step {number}: this animation has steps 1 to {count}")
    return index
