import unittest


class Stack:
    def __init__(self):
        self._data = []

    def push(self, x):
        self._data.append(x)

    def pop(self):
        if not self._data:
            raise IndexError("pop from empty stack")
        return self._data.pop()

    def peek(self):
        return self._data[-1] if self._data else None

    def __len__(self):
        return len(self._data)


def balanced(text, pairs={")": "(", "]": "[", "}": "{"}):
    s = Stack()
    for ch in text:
        if ch in pairs.values():
            s.push(ch)
        elif ch in pairs:
            if s.peek() != pairs[ch]:
                return False
            s.pop()
    return len(s) == 0


class StackTest(unittest.TestCase):
    def setUp(self):
        self.s = Stack()

    def test_push_pop(self):
        for i in range(5):
            self.s.push(i)
        self.assertEqual([self.s.pop() for _ in range(5)], [4, 3, 2, 1, 0])

    def test_empty_pop_raises(self):
        with self.assertRaises(IndexError):
            self.s.pop()

    def test_balanced(self):
        self.assertTrue(balanced("f(a[0], {b: c})"))
        self.assertFalse(balanced("(]"))
        self.assertFalse(balanced("(("))


if __name__ == "__main__":
    unittest.main(verbosity=2)
