// one write per line, as a naive program would do it
for (let i = 0; i < 200000; i++) console.log("line" + i);
