// Small async helpers: debounce, sleep, bounded retry and a promise pool.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function debounce(fn, wait) {
  let timer = null;
  return function debounced(...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}

async function retry(task, { attempts = 3, delay = 50 } = {}) {
  let lastError;
  for (let i = 0; i < attempts; i++) {
    try {
      return await task(i);
    } catch (err) {
      lastError = err;
      await sleep(delay * 2 ** i);
    }
  }
  throw lastError;
}

// Runs at most `limit` tasks at once; the executor never has more than
// `limit` promises in flight.
async function pool(tasks, limit = 3) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const idx = next++;
      results[idx] = await tasks[idx]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

(async () => {
  const jobs = Array.from({ length: 8 }, (_, i) => async () => {
    await sleep(10 * (8 - i));
    return i * i;
  });
  console.log('pool results:', await pool(jobs, 3));

  let calls = 0;
  const flaky = async () => {
    calls++;
    if (calls < 3) throw new Error('not yet');
    return 'ok after ' + calls;
  };
  console.log(await retry(flaky, { attempts: 5, delay: 5 }));

  const log = debounce((msg) => console.log('debounced:', msg), 20);
  ['a', 'b', 'c'].forEach((m) => log(m));
})();
