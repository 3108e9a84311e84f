#!/usr/bin/env node
// todo-cli: keeps a todo list in ./todos.json
//   todo-cli.js add "buy milk"
//   todo-cli.js list
//   todo-cli.js done 2
//   todo-cli.js delete 2
const fs = require('fs');

const FILE = 'todos.json';

function load() {
  try {
    return JSON.parse(fs.readFileSync(FILE, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return { nextId: 1, items: [] };
    throw err;
  }
}

function save(db) {
  fs.writeFileSync(FILE, JSON.stringify(db, null, 2));
}

const commands = {
  add(db, ...words) {
    const item = { id: db.nextId++, text: words.join(' '), done: false };
    db.items.push(item);
    return `added #${item.id}`;
  },
  list(db) {
    if (!db.items.length) return 'nothing to do';
    return db.items.map((t) => `${t.done ? '[x]' : '[ ]'} ${t.id}. ${t.text}`).join('\n');
  },
  done(db, id) {
    const t = db.items.find((x) => x.id === Number(id));
    if (!t) return `no todo #${id}`;
    t.done = true;
    return `completed #${id}`;
  },
  delete(db, id) {
    const before = db.items.length;
    db.items = db.items.filter((x) => x.id !== Number(id));
    return before === db.items.length ? `no todo #${id}` : `deleted #${id}`;
  },
};

const [cmd = 'list', ...args] = process.argv.slice(2);
const handler = commands[cmd];
if (!handler) {
  console.error(`unknown command: ${cmd}`);
  process.exit(2);
}
const db = load();
console.log(handler(db, ...args));
if (cmd !== 'list') save(db);
