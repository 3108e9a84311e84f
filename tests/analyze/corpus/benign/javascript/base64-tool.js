#!/usr/bin/env node
// Encode or decode base64 text and print it. The result is only printed,
// never run.
// usage: base64-tool.js encode|decode TEXT
const [mode, ...rest] = process.argv.slice(2);
const text = rest.join(' ');

function encode(s) {
  return Buffer.from(s, 'utf8').toString('base64');
}

function decode(s) {
  return Buffer.from(s, 'base64').toString('utf8');
}

function toHex(s) {
  return Array.from(Buffer.from(s, 'utf8'), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

switch (mode) {
  case 'encode':
    console.log(encode(text));
    break;
  case 'decode':
    console.log(decode(text));
    break;
  case 'hex':
    console.log(toHex(text));
    break;
  default:
    console.error('usage: base64-tool.js encode|decode|hex TEXT');
    process.exitCode = 2;
}
