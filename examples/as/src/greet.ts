// greet.ts: an AssemblyScript command on @assemblyscript/wasi-shim. It greets each of its
// arguments and shows one environment variable; the shim turns process.argv into
// args_sizes_get + args_get, process.env into environ_sizes_get + environ_get, and
// console.log into fd_write on fd 1.
//
//   cargo run --release -q -p wasi-run -- --env GREETING=hi examples/as/greet.wasm Ada Grace
const args = process.argv;
for (let i = 1; i < args.length; i++) {
  console.log("hello, " + args[i]);
}
const env = process.env;
if (env.has("GREETING")) {
  console.log("GREETING=" + env.get("GREETING"));
} else {
  console.log("GREETING is not set");
}
