console.log("first");
setTimeout(() => console.log("second"), 2000);
