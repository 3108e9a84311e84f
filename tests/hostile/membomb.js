// Memory bomb: filled Buffers of 16 MiB, up to 1 GiB.
const keep = [];
for (let i = 0; i < 64; i++) keep.push(Buffer.alloc(16 << 20, 1));
console.log("allocated 1 GiB and nobody stopped me");
setTimeout(() => {}, 2000);
