"""Text for messages a person reads: values echoed back are cut to a readable length."""

from __future__ import annotations

ECHO_LIMIT = 60  # characters of a user's value worth repeating back to them


def counted(count: int, thing: str) -> str:
    """'1 layer', '5 layers': a count and the thing counted, singular for one."""
    return f"{count} {thing}{'' if count == 1 else 's'}"


def shortened(text: str, limit: int = ECHO_LIMIT) -> str:
    """`text`, or its start and how long it really is, so a pasted 300 kB value is not echoed whole."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"
