//! The host errno mapping, checked against what each host errno means (not against the
//! mapping's own table), and the two permission errnos a root test run never meets, made for
//! real: `EACCES` as an unprivileged user and `EROFS` on a read-only mount.

#[macro_use]
mod common;
use common::*;
use std::path::Path;
use std::process::Command;
use wasi_abi::{Oflags, Rights};
use wasi_impl::{Errno, GuestMemory, WasiCtx, errno_from_host};

/// What the host's C library says each errno means (`strerror`), and the WASI errno with that
/// meaning: the 75 WASI errnos that have a POSIX counterpart.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MEANINGS: &[(&str, Errno)] = &[
    ("Argument list too long", Errno::TOOBIG),
    ("Permission denied", Errno::ACCES),
    ("Address already in use", Errno::ADDRINUSE),
    ("Cannot assign requested address", Errno::ADDRNOTAVAIL),
    (
        "Address family not supported by protocol",
        Errno::AFNOSUPPORT,
    ),
    ("Resource temporarily unavailable", Errno::AGAIN),
    ("Operation already in progress", Errno::ALREADY),
    ("Bad file descriptor", Errno::BADF),
    ("Bad message", Errno::BADMSG),
    ("Device or resource busy", Errno::BUSY),
    ("Operation canceled", Errno::CANCELED),
    ("No child processes", Errno::CHILD),
    ("Software caused connection abort", Errno::CONNABORTED),
    ("Connection refused", Errno::CONNREFUSED),
    ("Connection reset by peer", Errno::CONNRESET),
    ("Resource deadlock avoided", Errno::DEADLK),
    ("Destination address required", Errno::DESTADDRREQ),
    ("Numerical argument out of domain", Errno::DOM),
    ("Disk quota exceeded", Errno::DQUOT),
    ("File exists", Errno::EXIST),
    ("Bad address", Errno::FAULT),
    ("File too large", Errno::FBIG),
    ("No route to host", Errno::HOSTUNREACH),
    ("Identifier removed", Errno::IDRM),
    (
        "Invalid or incomplete multibyte or wide character",
        Errno::ILSEQ,
    ),
    ("Operation now in progress", Errno::INPROGRESS),
    ("Interrupted system call", Errno::INTR),
    ("Invalid argument", Errno::INVAL),
    ("Input/output error", Errno::IO),
    ("Transport endpoint is already connected", Errno::ISCONN),
    ("Is a directory", Errno::ISDIR),
    ("Too many levels of symbolic links", Errno::LOOP),
    ("Too many open files", Errno::MFILE),
    ("Too many links", Errno::MLINK),
    ("Message too long", Errno::MSGSIZE),
    ("Multihop attempted", Errno::MULTIHOP),
    ("File name too long", Errno::NAMETOOLONG),
    ("Network is down", Errno::NETDOWN),
    ("Network dropped connection on reset", Errno::NETRESET),
    ("Network is unreachable", Errno::NETUNREACH),
    ("Too many open files in system", Errno::NFILE),
    ("No buffer space available", Errno::NOBUFS),
    ("No such device", Errno::NODEV),
    ("No such file or directory", Errno::NOENT),
    ("Exec format error", Errno::NOEXEC),
    ("No locks available", Errno::NOLCK),
    ("Link has been severed", Errno::NOLINK),
    ("Cannot allocate memory", Errno::NOMEM),
    ("No message of desired type", Errno::NOMSG),
    ("Protocol not available", Errno::NOPROTOOPT),
    ("No space left on device", Errno::NOSPC),
    ("Function not implemented", Errno::NOSYS),
    ("Transport endpoint is not connected", Errno::NOTCONN),
    ("Not a directory", Errno::NOTDIR),
    ("Directory not empty", Errno::NOTEMPTY),
    ("State not recoverable", Errno::NOTRECOVERABLE),
    ("Socket operation on non-socket", Errno::NOTSOCK),
    ("Operation not supported", Errno::NOTSUP),
    ("Inappropriate ioctl for device", Errno::NOTTY),
    ("No such device or address", Errno::NXIO),
    ("Value too large for defined data type", Errno::OVERFLOW),
    ("Owner died", Errno::OWNERDEAD),
    ("Operation not permitted", Errno::PERM),
    ("Broken pipe", Errno::PIPE),
    ("Protocol error", Errno::PROTO),
    ("Protocol not supported", Errno::PROTONOSUPPORT),
    ("Protocol wrong type for socket", Errno::PROTOTYPE),
    ("Numerical result out of range", Errno::RANGE),
    ("Read-only file system", Errno::ROFS),
    ("Illegal seek", Errno::SPIPE),
    ("No such process", Errno::SRCH),
    ("Stale file handle", Errno::STALE),
    ("Connection timed out", Errno::TIMEDOUT),
    ("Text file busy", Errno::TXTBSY),
    ("Invalid cross-device link", Errno::XDEV),
];

/// The host's message for errno `code`, as `strerror` gives it.
fn host_message(code: i32) -> String {
    let text = std::io::Error::from_raw_os_error(code).to_string();
    match text.rsplit_once(" (os error ") {
        Some((message, _)) => message.to_owned(),
        None => text,
    }
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn every_host_errno_maps_to_the_wasi_errno_of_the_same_meaning() {
    let mut seen = std::collections::BTreeSet::new();
    // Linux errnos are below 134; the rest of the range must all be EIO.
    for code in -1..=4096 {
        let message = host_message(code);
        let want = match MEANINGS.iter().find(|(m, _)| *m == message) {
            Some((_, wasi)) => {
                seen.insert(*wasi);
                *wasi
            }
            // A host errno WASI does not define (ENOTBLK, ECHRNG, ...) or no errno at all.
            None => Errno::IO,
        };
        assert_eq!(errno_from_host(code), want, "host errno {code} ({message})");
    }
    assert_eq!(seen.len(), MEANINGS.len(), "a meaning no host errno has");
    assert_eq!(seen.len(), 75);
}

/// The environment variable that makes [`child`] run a check: `eacces:DIR` or `erofs:DIR`.
const CHILD: &str = "WASI_IMPL_ERRNO_CHILD";
/// What a child prints when its check passed.
const CHILD_OK: &str = "errno child: ok";

/// The entry point of the child processes the two tests below start; without [`CHILD`] set
/// (an ordinary test run) it has nothing to do.
#[test]
fn child() {
    let Ok(job) = std::env::var(CHILD) else {
        return;
    };
    let (kind, dir) = job.split_once(':').expect("KIND:DIR");
    match kind {
        "eacces" => eacces_checks(Path::new(dir)),
        "erofs" => erofs_checks(Path::new(dir)),
        other => panic!("unknown child job {other}"),
    }
    println!("{CHILD_OK}");
}

/// A context whose fd 3 preopens `dir`, and its memory.
fn ctx_on(dir: &Path) -> (WasiCtx, Vec<u8>) {
    let ctx = WasiCtx::builder()
        .preopen_dir(dir, "/")
        .build()
        .expect("build");
    (ctx, memory())
}

/// `path_open(3, path, oflags, rights)`: the errno.
fn open(ctx: &mut WasiCtx, mem: &mut [u8], path: &str, oflags: Oflags, rights: Rights) -> Errno {
    mem[1024..][..path.len()].copy_from_slice(path.as_bytes());
    let (len, r) = (path.len() as u32, rights.bits());
    let of = u32::from(oflags.bits());
    errno(ctx.path_open(&mut GuestMemory::new(mem), 3, 0, 1024, len, of, r, r, 0, 0))
}

/// `path_create_directory(3, path)`: the errno.
fn mkdir(ctx: &mut WasiCtx, mem: &mut [u8], path: &str) -> Errno {
    mem[1024..][..path.len()].copy_from_slice(path.as_bytes());
    errno(ctx.path_create_directory(&mut GuestMemory::new(mem), 3, 1024, path.len() as u32))
}

/// Run without privileges: `secret` (mode 000) cannot be opened, nothing can be made in
/// `locked/` (mode 555).
fn eacces_checks(dir: &Path) {
    let (mut ctx, mut mem) = ctx_on(dir);
    assert_eq!(
        open(
            &mut ctx,
            &mut mem,
            "secret",
            Oflags::empty(),
            Rights::FD_READ
        ),
        Errno::ACCES
    );
    assert_eq!(mkdir(&mut ctx, &mut mem, "locked/new"), Errno::ACCES);
    assert_eq!(
        open(
            &mut ctx,
            &mut mem,
            "locked/new",
            Oflags::CREAT,
            Rights::FD_WRITE
        ),
        Errno::ACCES
    );
    assert!(!dir.join("locked/new").exists());
}

/// On a read-only mount: nothing can be created, though the directory is readable.
fn erofs_checks(dir: &Path) {
    let (mut ctx, mut mem) = ctx_on(dir);
    assert_eq!(mkdir(&mut ctx, &mut mem, "new"), Errno::ROFS);
    assert_eq!(
        open(&mut ctx, &mut mem, "new", Oflags::CREAT, Rights::FD_WRITE),
        Errno::ROFS
    );
    assert_eq!(
        open(
            &mut ctx,
            &mut mem,
            ".",
            Oflags::DIRECTORY,
            Rights::FD_READDIR
        ),
        Errno::SUCCESS
    );
}

/// How a child run ended.
enum Child {
    Passed,
    /// The environment cannot run it (no privilege to switch user or mount); the reason.
    Skipped(String),
}

/// Runs this test binary's [`child`] with `job` through `command`; panics if its check failed.
fn run_child(mut command: Command, job: &str) -> Child {
    let exe = std::env::current_exe().unwrap();
    let out = command
        .env(CHILD, job)
        .output()
        .unwrap_or_else(|e| panic!("starting the {job} child ({}): {e}", exe.display()));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    if out.status.success() && stdout.contains(CHILD_OK) {
        return Child::Passed;
    }
    if out.status.code() == Some(77) || stderr.starts_with("unshare:") {
        return Child::Skipped(stderr.trim().to_owned());
    }
    panic!(
        "the {job} child failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
}

/// The arguments that run only [`child`] in this test binary.
fn child_args(command: &mut Command) {
    command.args(["--exact", "child", "--nocapture", "--test-threads", "1"]);
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // The owner of a file this process creates is its effective user.
    let probe = scratch_dir("whoami");
    let uid = std::fs::metadata(&probe).unwrap().uid();
    let _ = std::fs::remove_dir_all(&probe);
    uid == 0
}

#[test]
fn eacces_for_an_unprivileged_user() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = scratch_dir("eacces");
    std::fs::write(dir.join("secret"), b"s").unwrap();
    std::fs::create_dir(dir.join("locked")).unwrap();
    let mode =
        |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(&dir.join("secret"), 0o000);
    mode(&dir.join("locked"), 0o555);
    mode(&dir, 0o755);
    if is_root() {
        // Root passes every permission check: the checks run in a child as `nobody`.
        let mut command = Command::new(std::env::current_exe().unwrap());
        child_args(&mut command);
        command.uid(65534).gid(65534);
        match run_child(command, &format!("eacces:{}", dir.display())) {
            Child::Passed => {}
            Child::Skipped(why) => eprintln!("EACCES not checked: {why}"),
        }
    } else {
        eacces_checks(&dir);
    }
    mode(&dir.join("locked"), 0o755);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn erofs_on_a_read_only_mount() {
    let dir = scratch_dir("erofs");
    // A private mount namespace, so the read-only tmpfs is seen by the child alone.
    let mut command = Command::new("unshare");
    command.args(["--mount", "--propagation", "private", "sh", "-c"]);
    command.arg("mount -t tmpfs -o ro tmpfs \"$1\" || exit 77; shift; exec \"$@\"");
    command
        .arg("sh")
        .arg(&dir)
        .arg(std::env::current_exe().unwrap());
    child_args(&mut command);
    let outcome = run_child(command, &format!("erofs:{}", dir.display()));
    let _ = std::fs::remove_dir_all(&dir);
    if let Child::Skipped(why) = outcome {
        eprintln!("EROFS not checked (needs unshare and mount): {why}");
    }
}
