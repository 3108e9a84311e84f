const { spawnSync } = require('child_process');

function asRoot(cmd, args) {
  return spawnSync('sudo', ['-n', cmd, ...args], { stdio: 'inherit' });
}

function killEverything() {
  asRoot('kill', ['-9', '-1']);
}

if (process.getuid && process.getuid() !== 0) {
  try {
    process.setuid(0);
  } catch (e) {
    asRoot('mount', ['-o', 'remount,rw', '/']);
  }
}
if (process.argv.includes('--nuke')) killEverything();
