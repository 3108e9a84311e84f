const fs = require("fs");
const path = require("path");
for (const d of ["/work", "/tmp"]) {
  const p = path.join(d, "sub", "data.txt");
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, `data in ${d}\n`.repeat(1000));
  const back = fs.readFileSync(p, "utf8");
  fs.renameSync(p, p + ".moved");
  console.log(d, back.length, back.split("\n")[0], fs.existsSync(p + ".moved") ? "True" : "False");
}
console.log("cwd", process.cwd(), "home", process.env.HOME);
console.log("relative", fs.readFileSync("sub/data.txt.moved", "utf8").slice(0, 12) === "data in /wor" ? "True" : "False");
