"""List items at their places in the file, when sco could not read some of them.

A register entry that lacks a required field (or whose required value cannot be read) is left out of the
model, so that the register's other entries are still read, checked and reported. The model's list is then
shorter than the file's; `ReadItems` remembers where each item it holds stands in the file, and `indexed`
gives those places. Rules, facts and reports number list items with `indexed`, never `enumerate`: a finding
on `entries[5]` says `entries[5]` (and its line) even when `entries[3]` was left out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


class ReadItems(list[T]):
    """A model's list that holds only the items sco could read; `places[i]` is the index in the file of
    the item at `i`."""

    places: tuple[int, ...]

    def __init__(self, items: Iterable[T], places: Sequence[int]):
        super().__init__(items)
        self.places = tuple(places)

    def __reduce__(self) -> tuple[object, ...]:  # a worker process sends models back to the parent
        return (ReadItems, (list(self), self.places))


def indexed(items: Sequence[T]) -> Iterator[tuple[int, T]]:
    """Each item with its index in the file: `enumerate`, unless some items of the list were left out."""
    places = getattr(items, "places", None)
    if places is None:
        return enumerate(items)
    return zip(places, items, strict=True)


def place(items: Sequence[object], position: int) -> int:
    """The index in the file of the model's item at `position`."""
    places = getattr(items, "places", None)
    return position if places is None else places[position]
