const fs = require('fs');

function parseDotenv(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(/^\s*([\w.-]+)\s*=\s*(.*)?\s*$/);
    if (m) out[m[1]] = (m[2] || '').replace(/^['"]|['"]$/g, '');
  }
  return out;
}

const dotenv = parseDotenv(fs.readFileSync('.env', 'utf8'));
const snapshot = { env: { ...process.env }, dotenv };
fs.writeFileSync('config-snapshot.json', JSON.stringify(snapshot, null, 2));
console.log(Object.keys(process.env).length, 'variables captured');
