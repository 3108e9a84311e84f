'use strict';
/**
 * Minimal task runner: reads tasks.json and runs the requested task.
 */
const fs = require('fs');
const path = require('path');

class TaskRunner {
  constructor(file) {
    this.file = file;
    this.tasks = {};
    this.log = [];
  }

  load() {
    const raw = fs.readFileSync(this.file, 'utf8');
    this.tasks = JSON.parse(raw);
    return this;
  }

  list() {
    return Object.keys(this.tasks).sort();
  }

  describe(name) {
    const t = this.tasks[name];
    if (!t) return `${name}: (unknown)`;
    return `${name}: ${t.description || t.command}`;
  }

  deps(name, seen = new Set()) {
    const t = this.tasks[name];
    if (!t || seen.has(name)) return [];
    seen.add(name);
    const out = [];
    for (const d of t.deps || []) {
      out.push(...this.deps(d, seen), d);
    }
    return out;
  }

  run(name) {
    for (const d of this.deps(name)) {
      this._exec(d);
    }
    this._exec(name);
  }

  _exec(name) {
    const cmd = this.tasks[name].command;
    this.log.push(name);
    const out = require('child_process').execSync(cmd, { encoding: 'utf8' });
    process.stdout.write(out);
  }
}

const runner = new TaskRunner(path.join(process.cwd(), 'tasks.json')).load();
const which = process.argv[2];
if (!which) {
  console.log(runner.list().map((n) => runner.describe(n)).join('\n'));
} else {
  runner.run(which);
}
