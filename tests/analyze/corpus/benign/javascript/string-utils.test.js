const assert = require('assert');

const slugify = (s) => s.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const truncate = (s, n) => (s.length <= n ? s : s.slice(0, n - 1) + '…');
const camel = (s) => s.replace(/[-_\s]+(.)?/g, (_, c) => (c ? c.toUpperCase() : ''));

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('slugify handles punctuation', () => {
  assert.strictEqual(slugify('  Hello, World! '), 'hello-world');
});
test('capitalize first letter only', () => {
  assert.strictEqual(capitalize('execute order'), 'Execute order');
});
test('truncate leaves short strings alone', () => {
  assert.strictEqual(truncate('abc', 5), 'abc');
  assert.strictEqual(truncate('abcdefgh', 5), 'abcd…');
});
test('camel case evaluates separators', () => {
  assert.strictEqual(camel('system-status_code'), 'systemStatusCode');
});

let failed = 0;
for (const { name, fn } of tests) {
  try {
    fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
console.log(`${tests.length - failed}/${tests.length} passed`);
process.exitCode = failed ? 1 : 0;
