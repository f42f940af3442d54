"""``Vocabulary``: the base of kamerzoek's closed sets of words (statuses, kinds, modes, sorts).

One str-Enum serves argparse (``choices()``), pydantic (as a field type) and SQL
(members are their string value). ``from_str`` reads what a user typed, forgiving
case and surrounding spaces, and names the accepted words when it is none of them;
a vocabulary may accept other words for some members (``aliases``).
"""
from __future__ import annotations

from enum import Enum


class Vocabulary(str, Enum):
    """A closed set of words; members compare equal to (and format as) their value."""

    def __str__(self) -> str:
        return self.value

    @classmethod
    def noun(cls) -> str:
        """What the vocabulary names, for error messages ("status", "mode")."""
        return cls.__name__.lower()

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The members' words, in declaration order."""
        return tuple(member.value for member in cls)

    @classmethod
    def aliases(cls) -> dict[str, "Vocabulary"]:
        """Other words for some members (none unless a vocabulary says so)."""
        return {}

    @classmethod
    def choices(cls) -> list[str]:
        """Every word accepted on the command line: the members' words, then the aliases."""
        return [*cls.values(), *cls.aliases()]

    @classmethod
    def _missing_(cls, value: object) -> "Vocabulary | None":
        return cls.aliases().get(value.strip().lower()) if isinstance(value, str) else None

    @classmethod
    def from_str(cls, value: str):
        """The member ``value`` names (aliases followed); a ValueError naming the accepted words otherwise."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(f"unknown {cls.noun()} {value!r}; accepted: {', '.join(cls.choices())}") from None
