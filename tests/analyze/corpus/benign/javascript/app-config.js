'use strict';
const fs = require('fs');
const path = require('path');

const DEFAULTS = Object.freeze({
  port: 3000,
  logLevel: 'info',
  cacheDir: '.cache',
});

function readJsonIfExists(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return {};
    throw new Error(`invalid JSON in ${file}: ${e.message}`);
  }
}

function loadConfig(cwd = process.cwd()) {
  const mode = process.env.NODE_ENV || 'development';
  const base = readJsonIfExists(path.join(cwd, 'config.json'));
  const perMode = readJsonIfExists(path.join(cwd, `config.${mode}.json`));
  const cfg = { ...DEFAULTS, ...base, ...perMode, mode };
  cfg.cacheDir = path.resolve(cwd, cfg.cacheDir);
  if (!Number.isInteger(cfg.port) || cfg.port <= 0) throw new Error('port must be a positive integer');
  return cfg;
}

module.exports = { loadConfig };

if (require.main === module) {
  console.log(JSON.stringify(loadConfig(), null, 2));
}
