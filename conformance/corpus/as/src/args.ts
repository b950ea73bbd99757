// Prints the number of arguments after argv[0], then each one in brackets on its own
// line, so empty arguments, spaces and non-ASCII (UTF-8) text are all visible in the
// exact stdout the test checks. argv[0] (the module path) is deliberately not printed.
const argv = process.argv;
if (argv.length < 1) {
  console.log("args: argv is empty");
  process.exit(2);
}
console.log("args: " + (argv.length - 1).toString());
for (let i = 1; i < argv.length; i++) {
  console.log("[" + argv[i] + "] " + String.UTF8.byteLength(argv[i]).toString());
}
