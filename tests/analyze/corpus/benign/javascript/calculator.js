// Arithmetic calculator built as a small Pratt parser.
// Intentionally avoids eval() and new Function(): input is tokenized and
// evaluated by walking the parse tree.
const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 3 };

function tokenize(src) {
  const re = /\s*(\d+(?:\.\d+)?|[-+*/^()])/y;
  const tokens = [];
  let m;
  while (re.lastIndex < src.length && (m = re.exec(src))) tokens.push(m[1]);
  if (re.lastIndex < src.trimEnd().length) throw new SyntaxError('bad input at ' + re.lastIndex);
  return tokens;
}

function parseUnary(tokens) {
  const tok = tokens.shift();
  if (tok === '(') {
    const inner = parse(tokens);
    tokens.shift(); // ')'
    return inner;
  }
  if (tok === '-') return { op: 'neg', arg: parseUnary(tokens) };
  return { num: parseFloat(tok) };
}

// precedence climbing; '^' is right-associative
function parse(tokens, minPrec = 1) {
  let left = parseUnary(tokens);
  while (tokens.length && PREC[tokens[0]] >= minPrec) {
    const op = tokens.shift();
    const next = op === '^' ? PREC[op] : PREC[op] + 1;
    left = { op, l: left, r: parse(tokens, next) };
  }
  return left;
}

function evaluate(node) {
  if ('num' in node) return node.num;
  if (node.op === 'neg') return -evaluate(node.arg);
  const a = evaluate(node.l);
  const b = evaluate(node.r);
  switch (node.op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '^': return a ** b;
    default: throw new Error('unknown operator ' + node.op);
  }
}

const cases = { '1 + 2 * 3': 7, '(1 + 2) * 3': 9, '2 ^ 3 ^ 2': 512, '-4 + 10 / 4': -1.5 };
for (const [expr, want] of Object.entries(cases)) {
  const got = evaluate(parse(tokenize(expr)));
  console.log(`${expr.padEnd(14)} = ${got}${got === want ? '' : '  (expected ' + want + ')'}`);
}
