"""Safe arithmetic evaluator.

This is a hand-written recursive-descent parser; it deliberately does NOT
call Python's built-in eval() or exec() on the input.
"""
import operator
import re

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*)|(.))")
BINOPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


class ParseError(Exception):
    pass


class Evaluator:
    def __init__(self, text):
        self.tokens = [(num, op) for num, op in TOKEN.findall(text) if num or op.strip()]
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def evaluate(self):
        value = self.expr()
        if self.pos != len(self.tokens):
            raise ParseError("trailing input")
        return value

    def expr(self):
        value = self.term()
        while self.peek()[1] in ("+", "-"):
            value = BINOPS[self.take()[1]](value, self.term())
        return value

    def term(self):
        value = self.factor()
        while self.peek()[1] in ("*", "/"):
            value = BINOPS[self.take()[1]](value, self.factor())
        return value

    def factor(self):
        num, op = self.take()
        if num:
            return float(num)
        if op == "-":
            return -self.factor()
        if op == "(":
            value = self.expr()
            if self.take()[1] != ")":
                raise ParseError("expected )")
            return value
        raise ParseError(f"unexpected {op!r}")


def evaluate(text):
    return Evaluator(text).evaluate()


if __name__ == "__main__":
    for case, want in [("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("-4 / 2", -2), ("2 * (3 + 4) - 1", 13)]:
        got = evaluate(case)
        assert got == want, (case, got)
        print(f"{case:>18} = {got:g}")
