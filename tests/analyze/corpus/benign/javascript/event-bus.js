// In-process events only: no sockets or IPC are involved.
const EventEmitter = require('events');

class Thermostat extends EventEmitter {
  constructor(target) {
    super();
    this.target = target;
    this.current = target;
    this.onReading = this.onReading.bind(this);
  }

  onReading(value) {
    const prev = this.current;
    this.current = value;
    if (Math.abs(value - this.target) > 2) this.emit('alarm', { value, target: this.target });
    if (Math.sign(prev - this.target) !== Math.sign(value - this.target)) this.emit('crossed', value);
  }
}

function makeLogger(prefix) {
  let count = 0;
  return function log(msg) {
    count += 1;
    console.log(`[${prefix} #${count}] ${msg}`);
  };
}

const t = new Thermostat(21);
const log = makeLogger('thermo');
t.on('alarm', ({ value, target }) => log(`out of range: ${value} (target ${target})`));
t.once('crossed', (v) => log(`crossed target at ${v}`));

const feed = [20.5, 21.4, 22.1, 24.0, 19.2, 18.5];
feed.forEach(t.onReading);

const bound = Math.max.apply.bind(Math.max, null);
console.log('max reading', bound(feed));
