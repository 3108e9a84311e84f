#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');

function parseLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cur += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

function csvToObjects(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = parseLine(lines.shift());
  return lines.map((l) => {
    const cells = parseLine(l);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

const [, , input, output = 'out.json'] = process.argv;
if (!input) {
  console.error('usage: csv-to-json.js INPUT.csv [OUTPUT.json]');
  process.exit(2);
}
const rows = csvToObjects(fs.readFileSync(input, 'utf8'));
fs.writeFileSync(path.basename(output), JSON.stringify(rows, null, 2) + '\n');
console.log(`converted ${rows.length} rows -> ${path.basename(output)}`);
