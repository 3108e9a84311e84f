const http = require('http');
const https = require('https');

function get(url) {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    mod.get(url, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    }).on('error', reject);
  });
}

(async () => {
  for (const u of ['https://example.com/health', 'http://10.0.0.1:8080/status']) {
    try {
      const r = await get(u);
      console.log(u, r.status);
    } catch (e) {
      console.log(u, 'down');
    }
  }
})();
