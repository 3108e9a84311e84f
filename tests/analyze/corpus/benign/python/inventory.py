import functools
import time
from dataclasses import dataclass, field


def retry(times=3, delay=0.1):
    """Retry a flaky function a bounded number of times."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            last = None
            for attempt in range(times):
                try:
                    return fn(*args, **kwargs)
                except ValueError as e:
                    last = e
                    time.sleep(delay)
            raise last
        return wrapper
    return deco


@dataclass(order=True)
class Item:
    sku: str
    name: str = field(compare=False)
    qty: int = field(default=0, compare=False)
    price: float = field(default=0.0, compare=False)

    @property
    def value(self):
        return self.qty * self.price


class Inventory:
    def __init__(self):
        self._items = {}

    def add(self, item):
        existing = self._items.get(item.sku)
        if existing:
            existing.qty += item.qty
        else:
            self._items[item.sku] = item

    @retry(times=2)
    def remove(self, sku, qty):
        item = self._items[sku]
        if qty > item.qty:
            raise ValueError(f"only {item.qty} of {sku} left")
        item.qty -= qty

    def low_stock(self, threshold=5):
        return sorted(i for i in self._items.values() if i.qty < threshold)

    def total_value(self):
        return sum(i.value for i in self._items.values())

    def __len__(self):
        return len(self._items)


def make_counter():
    count = 0

    def bump():
        nonlocal count
        count += 1
        return count
    return bump


if __name__ == "__main__":
    inv = Inventory()
    ticket = make_counter()
    for sku, name, qty, price in [("A1", "bolt", 100, 0.05), ("B7", "nut", 3, 0.02), ("C3", "gear", 12, 4.5)]:
        inv.add(Item(sku, name, qty, price))
        print("added", ticket(), sku)
    inv.remove("C3", 10)
    print("low stock:", [i.name for i in inv.low_stock()])
    print(f"total value: {inv.total_value():.2f}")
