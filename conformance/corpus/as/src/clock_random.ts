// Checks the clocks and random source through the shim's Date, performance, process
// and crypto bindings. Prints "clock_random: ok" and exits 0, or names the failing
// check on stdout and exits with a distinct code (10-16).

function fail(code: i32, what: string): void {
  console.log("clock_random: FAIL " + what);
  process.exit(code);
}

// clock_time_get(REALTIME): milliseconds since the epoch, after 2020-01-01T00:00:00Z
// and before 2100-01-01T00:00:00Z.
const now = Date.now();
if (now <= 1577836800000) fail(10, "Date.now() not after 2020: " + now.toString());
if (now >= 4102444800000) fail(11, "Date.now() after 2100: " + now.toString());

// clock_time_get(MONOTONIC) through two bindings: must never go backwards.
const p0 = performance.now();
const h0 = process.hrtime();
let p1 = p0;
let h1 = h0;
for (let i = 0; i < 1000; i++) {
  p1 = performance.now();
  h1 = process.hrtime();
}
if (p1 < p0) fail(12, "performance.now() went backwards");
if (h1 < h0) fail(13, "process.hrtime() went backwards");

// random_get: 32 bytes, not all zero, and two draws differ.
const a = new Uint8Array(32);
const b = new Uint8Array(32);
crypto.getRandomValues(a);
crypto.getRandomValues(b);
let nonzero = 0;
let same = 0;
for (let i = 0; i < 32; i++) {
  if (a[i] != 0) nonzero++;
  if (a[i] == b[i]) same++;
}
if (nonzero == 0) fail(14, "random bytes all zero");
if (same == 32) fail(15, "two random draws identical");

// Math.random() is seeded through random_get as well (wasi_seed).
const r = Math.random();
if (!(r >= 0.0 && r < 1.0)) fail(16, "Math.random() out of range: " + r.toString());

console.log("clock_random: ok");
