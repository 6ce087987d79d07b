"""The demo's random draws: chances, dates, names, addresses and phone numbers, all from
one random.Random so that a seed always gives the same caseload."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

T = TypeVar("T")
Ingredients = dict[str, Any]

# Inward-code letters Royal Mail uses (no C, I, K, M, O or V).
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def years_before(d: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


class Draws:
    def __init__(self, rng: random.Random, ingredients: Ingredients, today: date) -> None:
        self.rng = rng
        self.ing = ingredients
        self.today = today
        self._heritage_weights = [h["weight"] for h in ingredients["heritage"]]
        self._area_weights = [a["weight"] for a in ingredients["areas"]]

    # -- chance ---------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq: Sequence[T]) -> T:
        return self.rng.choice(seq)

    def weighted(self, weights: Mapping[str, float]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def days_ago(self, lo: int, hi: int) -> date:
        return self.today - timedelta(days=self.rng.randint(lo, hi))

    def days_ahead(self, lo: int, hi: int) -> date:
        return self.today + timedelta(days=self.rng.randint(lo, hi))

    def born_aged(self, years_lo: int, years_hi: int | None = None) -> date:
        """A birth date for someone aged years_lo..years_hi today: never in the future."""
        years_hi = years_lo if years_hi is None else years_hi
        latest = years_before(self.today, years_lo)
        earliest = years_before(self.today, years_hi + 1) + timedelta(days=1)
        return earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))

    # -- people and places ----------------------------------------------------------------

    def pick_heritage(self, ethnicity: str | None = None) -> dict[str, Any]:
        if ethnicity:
            return next(h for h in self.ing["heritage"] if h["ethnicity"] == ethnicity)
        return self.rng.choices(self.ing["heritage"], weights=self._heritage_weights)[0]

    def given_name(self, gender: str, heritage: dict[str, Any], *, child: bool = False) -> str:
        adult = "female" if gender == "Female" else "male"
        key = ("girl" if gender == "Female" else "boy") if child else adult
        return self.pick(heritage.get(key) or heritage[adult])

    def person(self, gender: str | None = None, heritage: dict[str, Any] | None = None) -> str:
        """A full name for a professional, relative or household member."""
        heritage = heritage or self.pick_heritage()
        gender = gender or self.pick(("Female", "Male"))
        return f"{self.given_name(gender, heritage)} {self.pick(heritage['family'])}"

    def address(self) -> tuple[str, str]:
        area = self.rng.choices(self.ing["areas"], weights=self._area_weights)[0]
        street = self.pick(self.ing["streets"])
        roll = self.rng.random()
        if roll < 0.07:
            line = f"Room {self.rng.randint(1, 30)}, {self.pick(self.ing['supported_housing'])}"
        elif roll < 0.35:
            line = f"Flat {self.rng.randint(1, 60)}, {self.pick(self.ing['blocks'])}, {street}"
        else:
            line = f"{self.rng.randint(1, 180)} {street}"
        letters = self.rng.choices(_POSTCODE_LETTERS, k=2)
        postcode = f"{area['postcode']} {self.rng.randint(1, 9)}{letters[0]}{letters[1]}"
        return f"{line}, {area['name']}, {self.ing['town']} {postcode}", area["name"]

    def mobile(self) -> str:
        return f"07700 900{self.rng.randint(0, 999):03d}"  # Ofcom's range for drama

    def landline(self) -> str:
        return f"01632 960{self.rng.randint(0, 999):03d}"
