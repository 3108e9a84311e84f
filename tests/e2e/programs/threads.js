// worker_threads and child_process
const { Worker, isMainThread, parentPort, workerData } = require("worker_threads");
const { execFileSync } = require("child_process");

if (isMainThread) {
  const results = [];
  let pending = 3;
  for (let i = 1; i <= 3; i++) {
    const w = new Worker(__filename, { workerData: i * 1000 });
    w.on("message", (m) => {
      results.push(m);
      if (--pending > 0) return;
      results.sort((a, b) => a - b);
      console.log("workers " + results.join(","));
      const out = execFileSync(process.execPath, ["-e", "console.log(6*7)"]);
      console.log("child " + out.toString().trim());
      console.log("sh " + execFileSync("sh", ["-c", "echo from-sh"]).toString().trim());
    });
  }
} else {
  let s = 0;
  for (let k = 0; k < workerData; k++) s += k;
  parentPort.postMessage(s);
}
