"""The first-run wizard described as data (as Electrum does): flows, steps, transitions.

The GUI renders a page per step id and asks `WizardState` where to go; nothing here
imports Qt widgets. Texts are source strings, translated by the renderer in the
"Wizard" context (marked with QT_TRANSLATE_NOOP for lupdate). No Qt import here.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["FLOWS", "STEPS", "Flow", "StepText", "WizardState", "pick_confirmation"]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate knows
    """Marks `text` for translation in `context`; the renderer translates it."""
    return text


class Flow(enum.Enum):
    CREATE = "create"
    SIGN_IN = "sign-in"
    RECOVER = "recover"
    LINK = "link"


@dataclass(frozen=True)
class StepText:
    title: str
    subtitle: str
    can_go_back: bool = True


STEPS: dict[str, StepText] = {
    "start": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Welcome to Privshare"),
        QT_TRANSLATE_NOOP(
            "Wizard", "Your files are encrypted on this computer before they leave it."
        ),
    ),
    "server": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Where are your files kept?"),
        QT_TRANSLATE_NOOP(
            "Wizard",
            "The address of a Privshare server (ask whoever runs it), or this computer to "
            "try Privshare out.",
        ),
    ),
    "credentials": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Create your account"),
        QT_TRANSLATE_NOOP("Wizard", "Pick a user name and a password you will remember."),
    ),
    "phrase": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Your recovery phrase"),
        QT_TRANSLATE_NOOP(
            "Wizard",
            "Write these 24 words on paper, in order, and keep them safe (Account › Show "
            "recovery phrase… shows them again, after your password). With them you get "
            "your account and the files on its server back if this computer is lost; "
            "without them, nobody can.",
        ),
        can_go_back=False,
    ),
    "confirm": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Check your recovery phrase"),
        QT_TRANSLATE_NOOP("Wizard", "Type the words asked for, from your paper copy."),
    ),
    "sign-in": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Sign in on this computer"),
        QT_TRANSLATE_NOOP("Wizard", "Your account's user name and password."),
    ),
    "recover-phrase": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Recover with your phrase"),
        QT_TRANSLATE_NOOP(
            "Wizard", "Type your 12 to 24 words, or paste the whole phrase into any field."
        ),
    ),
    "recover-password": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Choose a new password"),
        QT_TRANSLATE_NOOP(
            "Wizard",
            "It opens your account here and on any new computer. A computer that already "
            "had this account still opens with its old password: change it there too.",
        ),
    ),
    "link": StepText(
        QT_TRANSLATE_NOOP("Wizard", "Link to an existing device"),
        QT_TRANSLATE_NOOP(
            "Wizard",
            "On a device that is signed in, choose Account, Add a device. Type the code it "
            "shows, then check that both screens show the same words.",
        ),
    ),
    "finish": StepText(
        QT_TRANSLATE_NOOP("Wizard", "All set"),
        QT_TRANSLATE_NOOP("Wizard", "Drop files onto the window to encrypt and upload them."),
        can_go_back=False,
    ),
}

FLOWS: dict[Flow, tuple[str, ...]] = {
    Flow.CREATE: ("start", "server", "credentials", "phrase", "confirm", "finish"),
    Flow.SIGN_IN: ("start", "server", "sign-in", "finish"),
    Flow.RECOVER: ("start", "server", "recover-phrase", "recover-password", "finish"),
    Flow.LINK: ("start", "server", "link", "finish"),
}

CONFIRM_COUNT = 3


def pick_confirmation(
    word_count: int, choose: Callable[[int], int] = secrets.randbelow
) -> tuple[int, ...]:
    """Three distinct 0-based word positions to ask for, in ascending order."""
    picked: set[int] = set()
    while len(picked) < min(CONFIRM_COUNT, word_count):
        picked.add(choose(word_count))
    return tuple(sorted(picked))


@dataclass
class WizardState:
    """Where the person is: the chosen flow and the step within it."""

    flow: Flow = Flow.CREATE
    position: int = 0
    values: dict[str, object] = field(default_factory=dict)

    @property
    def step(self) -> str:
        return FLOWS[self.flow][self.position]

    @property
    def text(self) -> StepText:
        return STEPS[self.step]

    @property
    def can_go_back(self) -> bool:
        return self.position > 0 and self.text.can_go_back

    @property
    def is_last(self) -> bool:
        return self.position == len(FLOWS[self.flow]) - 1

    def choose(self, flow: Flow) -> None:
        """Pick a flow on the start page."""
        if self.step != "start":
            raise ValueError("a flow is chosen on the start page only")
        self.flow = flow

    def forward(self) -> str:
        if self.is_last:
            raise ValueError("the wizard is finished")
        self.position += 1
        return self.step

    def back(self) -> str:
        if not self.can_go_back:
            raise ValueError(f"cannot go back from {self.step}")
        self.position -= 1
        return self.step
