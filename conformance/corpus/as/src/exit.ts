// Writes one line, then exits with status 7 through proc_exit. Nothing after the call
// may run: the second line must never reach stdout.
console.log("exit: before");
process.exit(7);
console.log("exit: after (proc_exit returned!)");
