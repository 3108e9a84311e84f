import unittest
from functools import lru_cache


def edit_distance(a, b):
    """Levenshtein distance with a rolling DP row."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def lcs(a, b):
    @lru_cache(maxsize=None)
    def go(i, j):
        if i == len(a) or j == len(b):
            return 0
        if a[i] == b[j]:
            return 1 + go(i + 1, j + 1)
        return max(go(i + 1, j), go(i, j + 1))
    return go(0, 0)


def coin_change(coins, amount):
    best = [0] + [float("inf")] * amount
    for x in range(1, amount + 1):
        for c in coins:
            if c <= x:
                best[x] = min(best[x], best[x - c] + 1)
    return best[amount] if best[amount] != float("inf") else -1


class DPTests(unittest.TestCase):
    def test_edit_distance(self):
        self.assertEqual(edit_distance("kitten", "sitting"), 3)
        self.assertEqual(edit_distance("", "abc"), 3)
        self.assertEqual(edit_distance("same", "same"), 0)

    def test_lcs(self):
        self.assertEqual(lcs("ABCBDAB", "BDCABA"), 4)
        self.assertEqual(lcs("", "x"), 0)

    def test_coin_change(self):
        self.assertEqual(coin_change([1, 2, 5], 11), 3)
        self.assertEqual(coin_change([2], 3), -1)

    def test_execution_order_does_not_matter(self):
        # evaluate both argument orders; distance is symmetric
        self.assertEqual(edit_distance("flaw", "lawn"), edit_distance("lawn", "flaw"))


if __name__ == "__main__":
    unittest.main()
