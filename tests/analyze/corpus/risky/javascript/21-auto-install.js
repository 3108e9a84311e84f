const { execSync } = require("child_process");

function ensure(pkg) {
  try {
    return require(pkg);
  } catch (err) {
    console.log(`installing ${pkg}...`);
    execSync(`npm install --no-save ${pkg}`, { stdio: "inherit" });
    return require(pkg);
  }
}

const chalk = ensure("chalk");
const lodash = ensure("lodash");
console.log(chalk ? "ok" : "no chalk", lodash.VERSION);
