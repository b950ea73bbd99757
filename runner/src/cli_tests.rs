//! Tests of the command-line parser.

use super::*;

fn dir(host: &str, guest: &str, kind: DirKind) -> Preopen {
    Preopen {
        host: host.into(),
        guest: guest.to_owned(),
        kind,
    }
}

#[test]
fn memory_and_overlay_dirs_and_the_limit() {
    let o = run(&[
        "--dir-mem",
        "::/scratch",
        "--dir-mem=src::/src",
        "--dir-overlay",
        "data::/data",
        "--dir-mem-limit=64K",
        "m.wasm",
    ])
    .unwrap();
    assert_eq!(
        o.dirs,
        vec![
            dir("", "/scratch", DirKind::Mem),
            dir("src", "/src", DirKind::Mem),
            dir("data", "/data", DirKind::Overlay),
        ]
    );
    assert_eq!(o.mem_limit, Some(64 * 1024));
    for (text, bytes) in [("4096", 4096), ("2M", 2 << 20), ("1g", 1 << 30), ("0", 0)] {
        let o = run(&["--dir-mem-limit", text, "m"]).unwrap();
        assert_eq!(o.mem_limit, Some(bytes), "{text}");
    }
    for bad in ["", "K", "1.5M", "-1", "12X", "99999999999999999999"] {
        let err = run(&["--dir-mem-limit", bad, "m"]).unwrap_err();
        assert!(
            err.contains("--dir-mem-limit takes a byte count"),
            "{bad}: {err}"
        );
    }
    assert!(
        run(&["--dir-overlay", "::g", "m"])
            .unwrap_err()
            .contains("--dir-overlay needs a host directory")
    );
    assert!(
        run(&["--dir-mem", "x::", "m"])
            .unwrap_err()
            .contains("empty guest name")
    );
}

fn run(args: &[&str]) -> Result<Options, String> {
    match parse(args.iter().map(OsString::from))? {
        Command::Run(o) => Ok(*o),
        other => Err(format!("{other:?}")),
    }
}

#[test]
fn options_module_and_guest_args() {
    let o = run(&["--dir", "x::/", "--env", "A=b", "m.wasm", "x", "--dir", "y"]).unwrap();
    assert_eq!(o.dirs, vec![dir("x", "/", DirKind::Host)]);
    assert_eq!(o.env, vec![("A".into(), "b".into())]);
    assert_eq!(o.module, "m.wasm");
    assert_eq!(
        o.args,
        vec![OsString::from("x"), "--dir".into(), "y".into()]
    );
}

#[test]
fn trace_flags() {
    use wasi_abi::Family;
    assert_eq!(run(&["m.wasm"]).unwrap().trace, None);
    let o = run(&["--trace", "m.wasm"]).unwrap();
    assert_eq!(o.trace.as_ref().map(Vec::len), Some(8));
    let o = run(&["--trace=fd,path", "m.wasm"]).unwrap();
    assert_eq!(o.trace, Some(vec![Family::Fd, Family::Path]));
    let o = run(&["--trace-file", "t.log", "--trace-format=json", "m.wasm"]).unwrap();
    assert_eq!(o.trace.as_ref().map(Vec::len), Some(8));
    assert_eq!(o.trace_file, Some(OsString::from("t.log")));
    assert!(o.trace_json);
    assert!(
        run(&["--trace=fs", "m.wasm"])
            .unwrap_err()
            .contains("unknown trace family")
    );
    assert!(run(&["--trace-format=xml", "m.wasm"]).is_err());
}

#[test]
fn yield_host_thread_flag() {
    assert!(!run(&["m.wasm"]).unwrap().yield_host_thread);
    let o = run(&["--yield-host-thread", "m.wasm", "--yield-host-thread"]).unwrap();
    assert!(o.yield_host_thread);
    assert_eq!(o.args, vec![OsString::from("--yield-host-thread")]);
}

#[test]
fn double_dash_forms() {
    let o = run(&["m.wasm", "--", "--help"]).unwrap();
    assert_eq!(o.args, vec![OsString::from("--help")]);
    let o = run(&["--", "-weird.wasm", "a"]).unwrap();
    assert_eq!(o.module, "-weird.wasm");
    assert_eq!(o.args, vec![OsString::from("a")]);
}

#[test]
fn dir_defaults_and_equals_forms() {
    let o = run(&[
        "--dir=/tmp",
        "--env=K=v=w",
        "--dir-ro",
        "a::b",
        "--tcplisten=127.0.0.1:0",
        "m.wat",
    ])
    .unwrap();
    assert_eq!(
        o.dirs,
        vec![
            dir("/tmp", "/tmp", DirKind::Host),
            dir("a", "b", DirKind::ReadOnly)
        ]
    );
    assert_eq!(o.listen, vec!["127.0.0.1:0".to_string()]);
    assert_eq!(o.env, vec![("K".into(), "v=w".into())]);
}

#[test]
fn errors() {
    assert!(run(&[]).unwrap_err().contains("no MODULE"));
    assert!(
        run(&["--bogus", "m.wasm"])
            .unwrap_err()
            .contains("unknown option `--bogus`")
    );
    assert!(run(&["--dir"]).unwrap_err().contains("--dir needs a value"));
    assert!(
        run(&["--env", "=v", "m"])
            .unwrap_err()
            .contains("empty name")
    );
    assert!(
        run(&["--dir", "::g", "m"])
            .unwrap_err()
            .contains("host directory")
    );
    assert!(
        run(&["--dir", "h::", "m"])
            .unwrap_err()
            .contains("empty guest name")
    );
}

#[test]
fn env_pass_through_skips_unset_variables_with_a_warning() {
    let o = run(&["--env", "WASI_RUN_SURELY_UNSET_VARIABLE", "m"]).unwrap();
    assert!(o.env.is_empty());
    assert_eq!(
        o.warnings,
        vec![
            "--env WASI_RUN_SURELY_UNSET_VARIABLE: the host has no such variable, so the guest does not get it"
                .to_owned()
        ]
    );
    let o = run(&["--env", "PATH", "m"]).unwrap();
    assert_eq!(o.env.len(), 1);
    assert_eq!(o.env[0].0, "PATH");
}

#[test]
fn wasmtime_spellings() {
    let o = run(&[
        "run", "--invoke", "add", "--argv0", "prog", "m.wasm", "1", "2",
    ])
    .unwrap();
    assert_eq!(o.invoke.as_deref(), Some("add"));
    assert_eq!(o.argv0, Some(OsString::from("prog")));
    assert_eq!((o.module.as_os_str(), o.args.len()), ("m.wasm".as_ref(), 2));
    // `run` only counts as the first word; a module may still be named run.
    assert_eq!(run(&["--", "run"]).unwrap().module, "run");
    assert_eq!(run(&["run", "run"]).unwrap().module, "run");
    assert_eq!(
        run(&["m.wasm", "run"]).unwrap().args,
        vec![OsString::from("run")]
    );
    let o = run(&[
        "-S",
        "inherit-env,tcplisten=127.0.0.1:0",
        "-Wfuel=5,timeout=2s",
        "-W",
        "max-memory-size=65536",
        "m",
    ])
    .unwrap();
    assert!(o.inherit_env);
    assert_eq!(o.listen, vec!["127.0.0.1:0".to_string()]);
    assert_eq!(o.limits.fuel, Some(5));
    assert_eq!(o.limits.max_memory, Some(65536));
    assert_eq!(
        o.limits.timeout,
        Some((std::time::Duration::from_secs(2), "2s".to_owned()))
    );
    assert!(!run(&["-S", "inherit-env=no", "m"]).unwrap().inherit_env);
    assert!(run(&["-C", "cache", "m"]).unwrap().cache);
    assert!(!run(&["-Ccache=n", "m"]).unwrap().cache);
    assert!(
        run(&["-C", "opt-level=2", "m"])
            .unwrap_err()
            .starts_with("-C opt-level: not supported")
    );
    assert!(run(&["--inherit-env", "m"]).unwrap().inherit_env);
    assert_eq!(
        run(&["--invoke=f", "m"]).unwrap().invoke.as_deref(),
        Some("f")
    );
    assert!(
        run(&["-W", "timeout=0s", "m"])
            .unwrap_err()
            .starts_with("-W timeout takes")
    );
}
