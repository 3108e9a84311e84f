/**
 * 0/1 knapsack and longest increasing subsequence, both via dynamic programming.
 */
function knapsack(items, capacity) {
  const dp = Array.from({ length: items.length + 1 }, () => new Array(capacity + 1).fill(0));
  items.forEach(({ weight, value }, i) => {
    for (let c = 0; c <= capacity; c++) {
      dp[i + 1][c] = dp[i][c];
      if (weight <= c) dp[i + 1][c] = Math.max(dp[i + 1][c], dp[i][c - weight] + value);
    }
  });
  const chosen = [];
  for (let i = items.length, c = capacity; i > 0; i--) {
    if (dp[i][c] !== dp[i - 1][c]) {
      chosen.push(items[i - 1].name);
      c -= items[i - 1].weight;
    }
  }
  return { best: dp[items.length][capacity], chosen: chosen.reverse() };
}

function lis(seq) {
  const tails = [];
  for (const x of seq) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

const items = [
  { name: 'tent', weight: 5, value: 60 },
  { name: 'stove', weight: 3, value: 50 },
  { name: 'camera', weight: 4, value: 70 },
  { name: 'book', weight: 2, value: 30 },
];
console.log(knapsack(items, 10));
console.log('LIS length:', lis([10, 9, 2, 5, 3, 7, 101, 18]));
