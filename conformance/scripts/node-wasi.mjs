// Runs a preview1 command on Node's built-in node:wasi, taking wasi-run's flags, so that the
// `conformance` runner can drive Node like any runtime:
//   conformance --suite DIR --runtime "node conformance/scripts/node-wasi.mjs {dirs} {env} {wasm} {args}"
// Usage: node node-wasi.mjs [--dir HOST[::GUEST]]... [--env KEY=VALUE]... MODULE [ARGS...]
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length; i++) {
  if (argv[i] === '--dir') {
    const [host, guest] = argv[++i].split('::');
    preopens[guest ?? host] = host;
  } else if (argv[i] === '--env') {
    const kv = argv[++i];
    const eq = kv.indexOf('=');
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else {
    break;
  }
}
const module = argv[i];
const wasi = new WASI({ version: 'preview1', args: [module, ...argv.slice(i + 1)], env, preopens, returnOnExit: true });
const compiled = await WebAssembly.compile(readFileSync(module));
const instance = await WebAssembly.instantiate(compiled, wasi.getImportObject());
let code;
try {
  code = wasi.start(instance);
} catch (e) {
  console.error(`trap: ${e}`);
  process.exit(134);
}
process.exit(code ?? 0);
