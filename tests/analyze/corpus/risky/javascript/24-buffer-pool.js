class BufferPool {
  constructor() {
    this.pool = [];
  }
  grow() {
    this.pool.push(Buffer.alloc(16 * 1024 * 1024, 1));
  }
}

const pool = new BufferPool();
let i = 0;
while (true) {
  pool.grow();
  if (++i % 64 === 0) console.log('buffers:', i);
}
