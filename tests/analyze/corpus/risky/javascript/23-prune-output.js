const fs = require('fs');
const path = require('path');

function prune(dir, keep) {
  for (const entry of fs.readdirSync(dir)) {
    if (keep.includes(entry)) continue;
    const full = path.join(dir, entry);
    fs.rmSync(full, { recursive: true, force: true });
  }
}

const outDir = process.argv[2] || path.join(__dirname, 'out');
prune(outDir, ['.gitkeep']);
