// Runs a user-supplied script "safely" in a separate context.
const vm = require('vm');
const fs = require('fs');

const file = process.argv[2];
if (!file) {
  console.error('usage: sandboxed-run.js SCRIPT');
  process.exit(2);
}
const code = fs.readFileSync(file, 'utf8');
const ctx = { console, result: null };
vm.runInNewContext(code, ctx, { timeout: 1000 });
console.log('result:', ctx.result);
