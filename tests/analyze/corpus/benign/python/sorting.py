"""Classic sorting algorithms with a small self-test.

Run this file directly to execute the tests.
"""
import random


def merge_sort(items):
    if len(items) <= 1:
        return list(items)
    mid = len(items) // 2
    left, right = merge_sort(items[:mid]), merge_sort(items[mid:])
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def quick_sort(items):
    if len(items) < 2:
        return list(items)
    pivot, *rest = items
    return (quick_sort([x for x in rest if x < pivot]) + [pivot]
            + quick_sort([x for x in rest if x >= pivot]))


def insertion_sort(items):
    a = list(items)
    for i in range(1, len(a)):
        key, j = a[i], i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a


def _check():
    rng = random.Random(42)
    for n in (0, 1, 2, 10, 257):
        data = [rng.randint(-100, 100) for _ in range(n)]
        expected = sorted(data)
        for fn in (merge_sort, quick_sort, insertion_sort):
            assert fn(data) == expected, fn.__name__
    print("all sorting tests passed")


if __name__ == "__main__":
    _check()
