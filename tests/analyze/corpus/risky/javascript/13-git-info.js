const { exec } = require("child_process");
const util = require("util");
const run = util.promisify(exec);

async function branchInfo() {
  const { stdout: branch } = await run("git rev-parse --abbrev-ref HEAD");
  const { stdout: sha } = await run("git rev-parse --short HEAD");
  return { branch: branch.trim(), sha: sha.trim() };
}

branchInfo().then((info) => console.log(`${info.branch}@${info.sha}`));
