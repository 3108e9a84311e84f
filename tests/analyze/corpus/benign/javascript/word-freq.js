#!/usr/bin/env node
// Reads text on stdin and prints the most common words.
// Uses RegExp.prototype.exec in a loop to walk all matches.
const TOP = Number(process.argv[2]) || 10;

function countWords(text) {
  const counts = new Map();
  const pattern = /[a-z']+/gi;
  let m;
  while ((m = pattern.exec(text)) !== null) {
    const w = m[0].toLowerCase();
    counts.set(w, (counts.get(w) || 0) + 1);
  }
  return counts;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  const counts = countWords(input);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP);
  const width = Math.max(4, ...top.map(([w]) => w.length));
  for (const [word, n] of top) {
    console.log(`${word.padEnd(width)} ${String(n).padStart(6)}`);
  }
});
