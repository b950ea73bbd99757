#!/usr/bin/env python3
"""Runs the official WASI testsuite (wasm32-wasip1 tests) against a preview1 runtime command.

Usage:
  run-upstream-suite.py TESTS_DIR [--runtime CMD] [--lang L ...] [-- EXTRA RUNTIME ARGS]

TESTS_DIR is the `tests/` folder of a checkout of WebAssembly/wasi-testsuite, branch
`prod/testsuite-base` (prebuilt tests). Nothing of the suite is kept in this repository.
CMD defaults to target/release/wasi-run. Each test runs on a fresh copy of its fixture
directory (`root` preopened as `/`, or each of the older `dirs` under its own name), with
exactly the env of its JSON config, a 30 s timeout, and is judged on its exit code (default 0)
and, when the config has one, a stdout prefix. Prints one line per failure and a closing
`N passed, M failed` line; exits 1 if any test failed.
"""
import argparse, glob, json, os, shutil, subprocess, sys, tempfile

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tests_dir")
    ap.add_argument("--runtime", default=os.path.join(os.path.dirname(__file__), "..", "..", "target", "release", "wasi-run"))
    ap.add_argument("--lang", action="append", default=None)
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    langs = a.lang or ["assemblyscript", "c", "rust"]
    totals = {}
    failures = []
    for lang in langs:
        d = os.path.join(a.tests_dir, lang, "testsuite", "wasm32-wasip1")
        passed = total = 0
        for wasm in sorted(glob.glob(os.path.join(d, "*.wasm"))):
            name = os.path.basename(wasm)[:-5]
            cfg_path = os.path.join(d, name + ".json")
            cfg = json.load(open(cfg_path)) if os.path.exists(cfg_path) else {}
            tmp = tempfile.mkdtemp(prefix="wasi-testsuite-")
            cmd = [a.runtime] + a.extra
            if "root" in cfg:
                shutil.copytree(os.path.join(d, cfg["root"]), os.path.join(tmp, "root"), symlinks=True)
                cmd += ["--dir", os.path.join(tmp, "root") + "::/"]
            for sub in cfg.get("dirs", []):
                shutil.copytree(os.path.join(d, sub), os.path.join(tmp, sub), symlinks=True)
                cmd += ["--dir", os.path.join(tmp, sub) + "::" + sub]
            for k, v in cfg.get("env", {}).items():
                cmd += ["--env", f"{k}={v}"]
            cmd += [wasm] + cfg.get("args", [])
            total += 1
            try:
                p = subprocess.run(cmd, capture_output=True, timeout=30, cwd=tmp, env={})
                ok = p.returncode == cfg.get("exit_code", 0)
                if ok and "stdout" in cfg:
                    ok = p.stdout.decode(errors="replace").startswith(cfg["stdout"])
                why = f"exit {p.returncode}, expected {cfg.get('exit_code', 0)}; stderr: {p.stderr.decode(errors='replace')[-300:]!r}"
            except subprocess.TimeoutExpired:
                ok, why = False, "timeout"
            shutil.rmtree(tmp, ignore_errors=True)
            if ok:
                passed += 1
            else:
                failures.append(f"FAIL {lang}/{name}: {why}")
        totals[lang] = (passed, total)
    for f in failures:
        print(f)
    for lang, (p, t) in totals.items():
        print(f"{lang}: {p}/{t}")
    p = sum(x for x, _ in totals.values()); t = sum(y for _, y in totals.values())
    print(f"{p} passed, {t - p} failed")
    sys.exit(1 if p != t else 0)

if __name__ == "__main__":
    main()
