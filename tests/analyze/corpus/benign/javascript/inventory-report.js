// Reads JSON lines from stdin ({"sku":..,"qty":..,"price":..}) and prints a
// grouped report. Lines that fail to parse are reported and skipped.
const readline = require('readline');

const rl = readline.createInterface({ input: process.stdin });
const bySku = new Map();
let bad = 0;

rl.on('line', (line) => {
  if (!line.trim()) return;
  let rec;
  try {
    rec = JSON.parse(line);
  } catch {
    bad++;
    return;
  }
  const entry = bySku.get(rec.sku) || { qty: 0, value: 0 };
  entry.qty += rec.qty;
  entry.value += rec.qty * rec.price;
  bySku.set(rec.sku, entry);
});

rl.on('close', () => {
  const rows = [...bySku].sort(([, a], [, b]) => b.value - a.value);
  const fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  for (const [sku, { qty, value }] of rows) {
    console.log(`${sku.padEnd(10)} ${String(qty).padStart(6)} ${fmt.format(value).padStart(12)}`);
  }
  const total = rows.reduce((s, [, e]) => s + e.value, 0);
  console.log(`${'TOTAL'.padEnd(17)} ${fmt.format(total).padStart(12)}`);
  if (bad) console.error(`${bad} malformed line(s) skipped`);
});
