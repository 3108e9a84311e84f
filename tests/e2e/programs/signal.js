console.log("aborting");
process.kill(process.pid, "SIGKILL");
