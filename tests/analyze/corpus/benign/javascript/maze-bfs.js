// Breadth-first search through a text maze. S = start, E = exit, # = wall.
const MAZE = [
  '##########',
  '#S   #   #',
  '# ## # # #',
  '#  #   # #',
  '## ##### #',
  '#      # #',
  '# #### # #',
  '#    #  E#',
  '##########',
];

function find(grid, ch) {
  for (let r = 0; r < grid.length; r++) {
    const c = grid[r].indexOf(ch);
    if (c !== -1) return [r, c];
  }
  return null;
}

function solve(grid) {
  const start = find(grid, 'S');
  const goal = find(grid, 'E');
  const key = ([r, c]) => `${r},${c}`;
  const prev = new Map([[key(start), null]]);
  const queue = [start];
  while (queue.length) {
    const cur = queue.shift();
    if (cur[0] === goal[0] && cur[1] === goal[1]) break;
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const nxt = [cur[0] + dr, cur[1] + dc];
      if (grid[nxt[0]][nxt[1]] === '#' || prev.has(key(nxt))) continue;
      prev.set(key(nxt), cur);
      queue.push(nxt);
    }
  }
  const path = [];
  for (let p = goal; p; p = prev.get(key(p))) path.push(p);
  return path.reverse();
}

const path = solve(MAZE);
const canvas = MAZE.map((row) => row.split(''));
for (const [r, c] of path.slice(1, -1)) canvas[r][c] = '.';
console.log(canvas.map((row) => row.join('')).join('\n'));
console.log(`path length: ${path.length - 1}`);
