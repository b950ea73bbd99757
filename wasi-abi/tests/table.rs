//! The table of the 46 preview1 functions against an independent transcription of the witx.

use std::collections::HashSet;

use wasi_abi::functions::function;
use wasi_abi::{FUNCTIONS, Family, ValType};

/// The core-wasm signature of every function, in spec order, transcribed from
/// `wasi_snapshot_preview1.witx`: 64-bit types (filesize, filedelta, timestamp, rights,
/// dircookie) are i64, everything else i32; strings and lists take two i32s (ptr, len); results
/// are out-pointers; every function returns an errno except `proc_exit`.
const EXPECTED: [&str; 46] = [
    "args_get(i32, i32) -> i32",
    "args_sizes_get(i32, i32) -> i32",
    "environ_get(i32, i32) -> i32",
    "environ_sizes_get(i32, i32) -> i32",
    "clock_res_get(i32, i32) -> i32",
    "clock_time_get(i32, i64, i32) -> i32",
    "fd_advise(i32, i64, i64, i32) -> i32",
    "fd_allocate(i32, i64, i64) -> i32",
    "fd_close(i32) -> i32",
    "fd_datasync(i32) -> i32",
    "fd_fdstat_get(i32, i32) -> i32",
    "fd_fdstat_set_flags(i32, i32) -> i32",
    "fd_fdstat_set_rights(i32, i64, i64) -> i32",
    "fd_filestat_get(i32, i32) -> i32",
    "fd_filestat_set_size(i32, i64) -> i32",
    "fd_filestat_set_times(i32, i64, i64, i32) -> i32",
    "fd_pread(i32, i32, i32, i64, i32) -> i32",
    "fd_prestat_get(i32, i32) -> i32",
    "fd_prestat_dir_name(i32, i32, i32) -> i32",
    "fd_pwrite(i32, i32, i32, i64, i32) -> i32",
    "fd_read(i32, i32, i32, i32) -> i32",
    "fd_readdir(i32, i32, i32, i64, i32) -> i32",
    "fd_renumber(i32, i32) -> i32",
    "fd_seek(i32, i64, i32, i32) -> i32",
    "fd_sync(i32) -> i32",
    "fd_tell(i32, i32) -> i32",
    "fd_write(i32, i32, i32, i32) -> i32",
    "path_create_directory(i32, i32, i32) -> i32",
    "path_filestat_get(i32, i32, i32, i32, i32) -> i32",
    "path_filestat_set_times(i32, i32, i32, i32, i64, i64, i32) -> i32",
    "path_link(i32, i32, i32, i32, i32, i32, i32) -> i32",
    "path_open(i32, i32, i32, i32, i32, i64, i64, i32, i32) -> i32",
    "path_readlink(i32, i32, i32, i32, i32, i32) -> i32",
    "path_remove_directory(i32, i32, i32) -> i32",
    "path_rename(i32, i32, i32, i32, i32, i32) -> i32",
    "path_symlink(i32, i32, i32, i32, i32) -> i32",
    "path_unlink_file(i32, i32, i32) -> i32",
    "poll_oneoff(i32, i32, i32, i32) -> i32",
    "proc_exit(i32)",
    "proc_raise(i32) -> i32",
    "sched_yield() -> i32",
    "random_get(i32, i32) -> i32",
    "sock_accept(i32, i32, i32) -> i32",
    "sock_recv(i32, i32, i32, i32, i32, i32) -> i32",
    "sock_send(i32, i32, i32, i32, i32) -> i32",
    "sock_shutdown(i32, i32) -> i32",
];

#[test]
fn table_has_46_entries_matching_the_witx_in_order() {
    assert_eq!(FUNCTIONS.len(), 46);
    for (i, (f, expected)) in FUNCTIONS.iter().zip(EXPECTED).enumerate() {
        assert_eq!(f.to_string(), expected, "entry {i}");
    }
}

#[test]
fn names_are_unique_and_lookups_find_them() {
    let names: HashSet<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
    assert_eq!(names.len(), 46);
    for f in &FUNCTIONS {
        assert!(core::ptr::eq(function(f.name).unwrap(), f), "{}", f.name);
    }
    let fd_write = function("fd_write").unwrap();
    assert_eq!(fd_write.name, "fd_write");
    assert_eq!(fd_write.family, Family::Fd);
    assert!(fd_write.returns_errno);
    let params: Vec<_> = fd_write.params.iter().map(|p| (p.name, p.ty)).collect();
    assert_eq!(
        params,
        [
            ("fd", ValType::I32),
            ("iovs", ValType::I32),
            ("iovs_len", ValType::I32),
            ("nwritten_out", ValType::I32)
        ]
    );
    assert_eq!(function("fd_writ"), None);
    assert_eq!(function("FD_WRITE"), None);
    assert_eq!(function(""), None);
    assert_eq!(function("fd_write "), None);
}

#[test]
fn only_proc_exit_does_not_return_an_errno() {
    let silent: Vec<_> = FUNCTIONS
        .iter()
        .filter(|f| !f.returns_errno)
        .map(|f| f.name)
        .collect();
    assert_eq!(silent, ["proc_exit"]);
}

#[test]
fn families_follow_the_name_prefix() {
    for f in &FUNCTIONS {
        let expected = match f.name {
            "poll_oneoff" => Family::Poll,
            "proc_exit" | "proc_raise" | "sched_yield" => Family::Proc,
            "random_get" => Family::Random,
            n if n.starts_with("args_") || n.starts_with("environ_") => Family::Args,
            n if n.starts_with("clock_") => Family::Clock,
            n if n.starts_with("fd_") => Family::Fd,
            n if n.starts_with("path_") => Family::Path,
            n if n.starts_with("sock_") => Family::Sock,
            n => panic!("no family expected for {n}"),
        };
        assert_eq!(f.family, expected, "{}", f.name);
    }
    let count = |family| FUNCTIONS.iter().filter(|f| f.family == family).count();
    assert_eq!(count(Family::Args), 4);
    assert_eq!(count(Family::Clock), 2);
    assert_eq!(count(Family::Fd), 21);
    assert_eq!(count(Family::Path), 10);
    assert_eq!(count(Family::Poll), 1);
    assert_eq!(count(Family::Proc), 3);
    assert_eq!(count(Family::Random), 1);
    assert_eq!(count(Family::Sock), 4);
}

#[test]
fn parameter_names_are_unique_and_out_pointers_are_i32() {
    for f in &FUNCTIONS {
        let names: HashSet<&str> = f.params.iter().map(|p| p.name).collect();
        assert_eq!(names.len(), f.params.len(), "{}", f.name);
        for p in f.params {
            assert!(
                !p.name.is_empty() && p.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            );
            if p.name.ends_with("_out") {
                assert_eq!(p.ty, ValType::I32, "{}.{}", f.name, p.name);
            }
        }
    }
    let path_open = function("path_open").unwrap();
    let i64_params: Vec<_> = path_open
        .params
        .iter()
        .filter(|p| p.ty == ValType::I64)
        .map(|p| p.name)
        .collect();
    assert_eq!(i64_params, ["fs_rights_base", "fs_rights_inheriting"]);
    assert_eq!(path_open.params.last().unwrap().name, "fd_out");
    assert_eq!(ValType::I32.name(), "i32");
    assert_eq!(ValType::I64.name(), "i64");
    assert_eq!(wasi_abi::MODULE, "wasi_snapshot_preview1");
}

/// Collects the function names the exported macro hands to its callback.
macro_rules! names_of {
    ($( $name:ident ($family:ident) [$($p:ident : $t:ident),*] -> $ret:ident; )*) => {
        [$(stringify!($name)),*]
    };
}

/// Counts the i64 parameters in every entry the exported macro hands to its callback.
macro_rules! i64_counts {
    ($( $name:ident ($family:ident) [$($p:ident : $t:ident),*] -> $ret:ident; )*) => {
        [$( 0 $(+ usize::from(stringify!($t) == "i64"))* ),*]
    };
}

#[test]
fn for_each_function_agrees_with_the_table() {
    let names = wasi_abi::for_each_function!(names_of);
    let table: Vec<_> = FUNCTIONS.iter().map(|f| f.name).collect();
    assert_eq!(names.to_vec(), table);

    let counts = wasi_abi::for_each_function!(i64_counts);
    let expected: Vec<_> = EXPECTED.iter().map(|s| s.matches("i64").count()).collect();
    assert_eq!(counts.to_vec(), expected);
}
