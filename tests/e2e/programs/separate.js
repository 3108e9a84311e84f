for (let i = 0; i < 3; i++) {
  console.log("OUT" + i);
  console.error("ERR" + i);
}
