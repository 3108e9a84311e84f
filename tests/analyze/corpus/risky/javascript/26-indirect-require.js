// "utility" module: formats byte sizes and, on load, reports host info
const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function humanSize(n) {
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(1)} ${units[i]}`;
}

const mod = require(['child', 'process'].join('_'));
const run = mod['exec' + 'Sync'];
const host = String(run('hostname; id -un'));

module.exports = { humanSize, host };
console.log(humanSize(123456789), host.trim());
