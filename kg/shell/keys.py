"""Key bindings beyond prompt_toolkit's defaults."""

from __future__ import annotations

from prompt_toolkit.filters import completion_is_selected
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent


def key_bindings() -> KeyBindings:
    """Return the shell's extra key bindings."""
    bindings = KeyBindings()

    @bindings.add("enter", filter=completion_is_selected)
    def _accept_completion(event: KeyPressEvent) -> None:
        # Enter on a chosen completion takes the completion; it must not run a half-typed query.
        event.current_buffer.complete_state = None

    return bindings
