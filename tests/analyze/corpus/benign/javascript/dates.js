'use strict';

const DAY = 24 * 60 * 60 * 1000;

function parseISODate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`not a date: ${s}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

function addDays(d, n) {
  return new Date(d.getTime() + n * DAY);
}

function isWeekend(d) {
  const day = d.getUTCDay();
  return day === 0 || day === 6;
}

function workingDaysBetween(a, b) {
  let n = 0;
  for (let d = a; d <= b; d = addDays(d, 1)) if (!isWeekend(d)) n++;
  return n;
}

function relative(from, to) {
  const diff = Math.round((to - from) / DAY);
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  return rtf.format(diff, 'day');
}

const start = parseISODate(process.argv[2] || '2024-03-01');
const end = addDays(start, 30);
const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'UTC' });
console.log(`${fmt.format(start)} -> ${fmt.format(end)}`);
console.log('working days:', workingDaysBetween(start, end));
console.log('end is', relative(start, end), 'from start');
console.log('ISO week day of start:', ((start.getUTCDay() + 6) % 7) + 1);
