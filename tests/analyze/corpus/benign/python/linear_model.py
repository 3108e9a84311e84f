"""A toy linear regression 'model' with train/eval modes, mimicking the
API style of deep-learning frameworks (model.train(), model.eval())."""
import random


class LinearModel:
    def __init__(self, lr=0.01):
        self.w = 0.0
        self.b = 0.0
        self.lr = lr
        self.training = True

    def train(self):
        self.training = True
        return self

    def eval(self):
        self.training = False
        return self

    def __call__(self, x):
        return self.w * x + self.b

    def step(self, xs, ys):
        if not self.training:
            raise RuntimeError("call model.train() first")
        n = len(xs)
        grad_w = sum(2 * (self(x) - y) * x for x, y in zip(xs, ys)) / n
        grad_b = sum(2 * (self(x) - y) for x, y in zip(xs, ys)) / n
        self.w -= self.lr * grad_w
        self.b -= self.lr * grad_b


def evaluate(model, xs, ys):
    model.eval()
    return sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


if __name__ == "__main__":
    rng = random.Random(0)
    xs = [rng.uniform(-5, 5) for _ in range(200)]
    ys = [3.0 * x - 1.0 + rng.gauss(0, 0.3) for x in xs]
    model = LinearModel(lr=0.02)
    for epoch in range(300):
        model.train().step(xs, ys)
        if epoch % 100 == 0:
            print(f"epoch {epoch:3d}  mse={evaluate(model, xs, ys):.4f}")
    print(f"final evaluation: w={model.w:.3f} b={model.b:.3f} mse={evaluate(model, xs, ys):.4f}")
