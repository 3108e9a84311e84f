const data = require("fs").readFileSync(0, "utf8");
const nums = data.split(/\s+/).filter((s) => s.length).map(Number);
console.log(`lines=${nums.length} sum=${nums.reduce((a, b) => a + b, 0)}`);
