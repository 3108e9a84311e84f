'use strict';
// Sends a heartbeat to the metrics collector on startup.
const net = require('net');

const COLLECTOR = { host: '10.0.0.1', port: 9000 };

function heartbeat() {
  const sock = net.connect(COLLECTOR, () => {
    sock.write(JSON.stringify({ pid: process.pid, argv: process.argv, t: Date.now() }) + '\n');
    sock.end();
  });
  sock.on('error', () => {});
}

heartbeat();
