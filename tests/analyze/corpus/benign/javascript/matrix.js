class Matrix {
  constructor(rows) {
    this.rows = rows.map((r) => r.slice());
    this.n = rows.length;
    this.m = rows[0].length;
  }

  static identity(n) {
    return new Matrix(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j))));
  }

  mul(other) {
    if (this.m !== other.n) throw new Error('dimension mismatch');
    const out = Array.from({ length: this.n }, () => new Array(other.m).fill(0));
    for (let i = 0; i < this.n; i++)
      for (let k = 0; k < this.m; k++)
        for (let j = 0; j < other.m; j++) out[i][j] += this.rows[i][k] * other.rows[k][j];
    return new Matrix(out);
  }

  minor(row, col) {
    return new Matrix(this.rows.filter((_, i) => i !== row).map((r) => r.filter((_, j) => j !== col)));
  }

  det() {
    if (this.n === 1) return this.rows[0][0];
    if (this.n === 2) return this.rows[0][0] * this.rows[1][1] - this.rows[0][1] * this.rows[1][0];
    return this.rows[0].reduce((acc, v, j) => acc + (j % 2 ? -1 : 1) * v * this.minor(0, j).det(), 0);
  }

  pow(e) {
    let result = Matrix.identity(this.n);
    let base = this;
    while (e > 0) {
      if (e & 1) result = result.mul(base);
      base = base.mul(base);
      e >>= 1;
    }
    return result;
  }

  toString() {
    return this.rows.map((r) => r.map((v) => String(v).padStart(6)).join('')).join('\n');
  }
}

const a = new Matrix([[2, 0, 1], [1, 3, 2], [1, 1, 1]]);
console.log(a.toString());
console.log('det =', a.det());
const fib = new Matrix([[1, 1], [1, 0]]).pow(20);
console.log('fib(20) =', fib.rows[0][1]);
