'use strict';
const assert = require('assert');

function mergeSort(arr, cmp = (a, b) => a - b) {
  if (arr.length <= 1) return arr.slice();
  const mid = arr.length >> 1;
  const left = mergeSort(arr.slice(0, mid), cmp);
  const right = mergeSort(arr.slice(mid), cmp);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    out.push(cmp(left[i], right[j]) <= 0 ? left[i++] : right[j++]);
  }
  return out.concat(left.slice(i), right.slice(j));
}

function heapSort(input) {
  const a = input.slice();
  const n = a.length;
  const sift = (start, end) => {
    let root = start;
    while (2 * root + 1 <= end) {
      let child = 2 * root + 1;
      if (child + 1 <= end && a[child] < a[child + 1]) child++;
      if (a[root] >= a[child]) return;
      [a[root], a[child]] = [a[child], a[root]];
      root = child;
    }
  };
  for (let s = (n >> 1) - 1; s >= 0; s--) sift(s, n - 1);
  for (let end = n - 1; end > 0; end--) {
    [a[0], a[end]] = [a[end], a[0]];
    sift(0, end - 1);
  }
  return a;
}

function randomArray(n, seed) {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % 1000;
  });
}

for (const n of [0, 1, 2, 17, 500]) {
  const data = randomArray(n, n + 1);
  const expected = data.slice().sort((a, b) => a - b);
  assert.deepStrictEqual(mergeSort(data), expected);
  assert.deepStrictEqual(heapSort(data), expected);
}
const words = ['pear', 'Apple', 'fig'];
assert.deepStrictEqual(mergeSort(words, (a, b) => a.localeCompare(b)), ['Apple', 'fig', 'pear']);
console.log('sorting: all tests passed');
