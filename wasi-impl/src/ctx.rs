//! [`WasiCtx`], everything one guest instance can reach, and its builder.

use crate::args::StringList;
use crate::fdtable::{Descriptor, Dir, FdEntry, FdTable, Socket, StdinCursor};
use crate::path::Resolver;
use crate::rights;
use crate::stdio::{Input, Output};
use crate::sys::HostStream;
use std::fmt;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use wasi_abi::{Filetype, Rights};

/// Default cap on the number of open guest fds (stdio and preopens included).
pub const DEFAULT_MAX_OPEN_FDS: usize = 4096;

/// Fds of the host process's soft `RLIMIT_NOFILE` kept out of the guest's reach: the most a
/// path walk holds at once (256) plus room for the host's own.
const HOST_FD_MARGIN: usize = 320;

/// The state of one guest: arguments, environment and fd table.
///
/// Build one with [`WasiCtx::builder`]; each preview1 function is a method of the same name.
#[derive(Debug)]
pub struct WasiCtx {
    pub(crate) args: StringList,
    pub(crate) env: StringList,
    pub(crate) fds: FdTable,
    pub(crate) resolver: Resolver,
    pub(crate) random: crate::random::RandomPool,
    pub(crate) yield_host_thread: bool,
    /// Reused by every read and write for its gathered iovecs.
    pub(crate) iov_scratch: Vec<(usize, usize)>,
    /// Writes a line per call when set.
    pub(crate) tracer: Option<Box<crate::Tracer>>,
}

impl WasiCtx {
    /// Starts a builder: no args, no env, no preopens, stdio inherited from the host.
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::default()
    }

    /// Number of fds the guest has open.
    pub fn open_fds(&self) -> usize {
        self.fds.len()
    }

    /// The path resolver in use.
    pub fn resolver(&self) -> Resolver {
        self.resolver
    }
}

/// Why a [`WasiCtx`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

impl BuildError {
    pub(crate) fn new(msg: impl Into<String>) -> BuildError {
        BuildError(msg.into())
    }

    /// A build error with the embedder's own message (e.g. a socket it could not set up).
    pub fn from_message(msg: impl Into<String>) -> BuildError {
        BuildError(msg.into())
    }
}

/// Configures a [`WasiCtx`].
#[derive(Debug)]
pub struct WasiCtxBuilder {
    args: Vec<Vec<u8>>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
    preopens: Vec<Preopen>,
    listeners: Vec<std::net::TcpListener>,
    resolver: Option<Resolver>,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    max_open_fds: usize,
    yield_host_thread: bool,
    tracer: Option<crate::Tracer>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            preopens: Vec::new(),
            listeners: Vec::new(),
            resolver: None,
            stdin: Input::Inherit,
            stdout: Output::Inherit,
            stderr: Output::Inherit,
            max_open_fds: DEFAULT_MAX_OPEN_FDS,
            yield_host_thread: false,
            tracer: None,
        }
    }
}

impl WasiCtxBuilder {
    /// Appends one argument (the first is the program name, `argv[0]`). Bytes, not
    /// necessarily UTF-8; a NUL byte makes [`build`](Self::build) fail.
    pub fn arg(mut self, arg: impl AsRef<[u8]>) -> Self {
        self.args.push(arg.as_ref().to_vec());
        self
    }

    /// Appends several arguments.
    pub fn args<I: IntoIterator<Item = A>, A: AsRef<[u8]>>(mut self, args: I) -> Self {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_vec()));
        self
    }

    /// Adds the environment variable `key=value`. An empty key, a key with `=`, or a NUL
    /// byte in either makes [`build`](Self::build) fail.
    pub fn env(mut self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> Self {
        self.env
            .push((key.as_ref().to_vec(), value.as_ref().to_vec()));
        self
    }

    /// Preopens the host directory `host` under the guest name `guest` (e.g. `/` or `.`).
    /// Preopens get fds 3, 4, ... in the order they are added.
    pub fn preopen_dir(mut self, host: impl AsRef<Path>, guest: impl Into<String>) -> Self {
        let host = host.as_ref().to_path_buf();
        self.preopens.push(Preopen {
            host,
            guest: guest.into(),
            read_only: false,
        });
        self
    }

    /// Preopens `host` read-only: neither it nor anything opened through it has a right that
    /// modifies anything (write, create, remove, rename, link, symlink, set size or times);
    /// such calls answer `ENOTCAPABLE`, and files are opened `O_RDONLY` on the host.
    pub fn preopen_dir_readonly(
        mut self,
        host: impl AsRef<Path>,
        guest: impl Into<String>,
    ) -> Self {
        let host = host.as_ref().to_path_buf();
        self.preopens.push(Preopen {
            host,
            guest: guest.into(),
            read_only: true,
        });
        self
    }

    /// Gives the guest a listening TCP socket (what `--tcplisten` does). Sockets get the fds
    /// after the preopened directories, so wasi-libc's preopen scan, which stops at the first
    /// fd that is not a preopen, still finds every directory.
    pub fn tcp_listener(mut self, listener: std::net::TcpListener) -> Self {
        self.listeners.push(listener);
        self
    }

    /// Chooses the path resolver instead of detecting it (tests use this to run both).
    pub fn resolver(mut self, resolver: Resolver) -> Self {
        self.resolver = Some(resolver);
        self
    }

    /// Connects the guest's stdin.
    pub fn stdin(mut self, input: Input) -> Self {
        self.stdin = input;
        self
    }

    /// Connects the guest's stdout.
    pub fn stdout(mut self, output: Output) -> Self {
        self.stdout = output;
        self
    }

    /// Connects the guest's stderr.
    pub fn stderr(mut self, output: Output) -> Self {
        self.stderr = output;
        self
    }

    /// Caps the number of fds the guest may have open at once (stdio and preopens included);
    /// opening more answers `EMFILE`. The cap is further lowered to the host process's soft
    /// `RLIMIT_NOFILE` less 320 (see [`crate::prepare_host_process`] to raise that limit).
    pub fn max_open_fds(mut self, max: usize) -> Self {
        self.max_open_fds = max;
        self
    }

    /// Makes `sched_yield` yield the host thread (`sched_yield(2)`). Off by default: a
    /// preview1 guest has no other threads to yield to, so the call returns at once (see
    /// RATIONALE.md, "sched_yield"). Turn it on when the guest shares its host thread's CPU
    /// with threads of the embedder that a spinning guest should make way for.
    pub fn yield_host_thread(mut self, yield_host_thread: bool) -> Self {
        self.yield_host_thread = yield_host_thread;
        self
    }

    /// Traces every call (of the families the tracer selects); see [`crate::trace`].
    pub fn trace(mut self, tracer: crate::Tracer) -> Self {
        self.tracer = Some(tracer);
        self
    }

    /// Opens the preopened directories and builds the context.
    pub fn build(self) -> Result<WasiCtx, BuildError> {
        let args = StringList::new(self.args, "argument")?;
        let mut entries = Vec::with_capacity(self.env.len());
        for (key, value) in self.env {
            if key.is_empty() || key.contains(&b'=') {
                let shown = String::from_utf8_lossy(&key).into_owned();
                return Err(BuildError::new(format!(
                    "environment variable `{shown}` has an empty name or a `=` in its name"
                )));
            }
            entries.push([key, value].join(&b'='));
        }
        let env = StringList::new(entries, "environment variable")?;
        // The table may not promise more fds than the host process can open: keep a margin
        // for the fds a path walk holds and for the host's own.
        let host_room = crate::sys::fd_soft_limit()
            .and_then(|soft| usize::try_from(soft).ok())
            .map_or(usize::MAX, |soft| soft.saturating_sub(HOST_FD_MARGIN));
        let mut fds = FdTable::new(self.max_open_fds.min(host_room));
        let too_small =
            |what: &str| BuildError::new(format!("max_open_fds is too small for {what}"));
        let stdin_type = stdio_type(matches!(self.stdin, Input::Inherit), HostStream::Stdin);
        let stdout_type = stdio_type(matches!(self.stdout, Output::Inherit), HostStream::Stdout);
        let stderr_type = stdio_type(matches!(self.stderr, Output::Inherit), HostStream::Stderr);
        let stdio = [
            (
                Descriptor::Stdin(self.stdin, StdinCursor::default()),
                stdin_type,
                rights::STDIN,
            ),
            (
                Descriptor::Stdout(self.stdout, HostStream::Stdout),
                stdout_type,
                rights::STDOUT,
            ),
            (
                Descriptor::Stdout(self.stderr, HostStream::Stderr),
                stderr_type,
                rights::STDOUT,
            ),
        ];
        for (desc, filetype, base) in stdio {
            // A stream redirected from or to a regular file may seek, as on the host.
            let base = if filetype == Filetype::RegularFile {
                base | Rights::FD_SEEK | Rights::FD_TELL
            } else {
                base
            };
            fds.insert(FdEntry::new(desc, filetype, base, base))
                .map_err(|_| too_small("stdio"))?;
        }
        for preopen in self.preopens {
            let fd = open_dir(&preopen.host)?;
            let name = Some(preopen.guest.into_boxed_str());
            let dir = Dir {
                fd,
                preopen: name,
                cursor: Default::default(),
            };
            let (base, inheriting) = if preopen.read_only {
                (
                    rights::DIRECTORY.difference(rights::WRITING),
                    rights::DIRECTORY_INHERITING.difference(rights::WRITING),
                )
            } else {
                (rights::DIRECTORY, rights::DIRECTORY_INHERITING)
            };
            let entry = FdEntry::new(Descriptor::Dir(dir), Filetype::Directory, base, inheriting);
            fds.insert(entry).map_err(|_| too_small("the preopens"))?;
        }
        for listener in self.listeners {
            let socket = Socket {
                fd: OwnedFd::from(listener),
                listener: true,
            };
            let entry = FdEntry::new(
                Descriptor::Socket(socket),
                Filetype::SocketStream,
                rights::LISTENER,
                rights::CONNECTION,
            );
            fds.insert(entry).map_err(|_| too_small("the listeners"))?;
        }
        let resolver = self.resolver.unwrap_or_else(Resolver::detect);
        Ok(WasiCtx {
            args,
            env,
            fds,
            resolver,
            random: Default::default(),
            yield_host_thread: self.yield_host_thread,
            iov_scratch: Vec::with_capacity(crate::sys::MAX_IOVECS),
            tracer: self.tracer.map(Box::new),
        })
    }
}

/// A directory to preopen.
#[derive(Debug)]
struct Preopen {
    host: PathBuf,
    guest: String,
    read_only: bool,
}

/// The type fd 0, 1 or 2 reports: the host stream's when inherited, `unknown` (as for a
/// pipe) when in memory.
fn stdio_type(inherited: bool, stream: HostStream) -> Filetype {
    if inherited {
        crate::sys::with_host_stream(stream, crate::sys::filetype).unwrap_or(Filetype::Unknown)
    } else {
        Filetype::Unknown
    }
}

/// Opens a host directory for use as a preopen. The type is checked before opening, so a
/// FIFO given by mistake cannot block the open.
fn open_dir(path: &Path) -> Result<OwnedFd, BuildError> {
    let fail = |why: &dyn fmt::Display| {
        BuildError::new(format!(
            "cannot preopen directory {}: {why}",
            path.display()
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(&e))?;
    if !meta.is_dir() {
        return Err(fail(&"not a directory"));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(&e))?;
    if !file.metadata().map_err(|e| fail(&e))?.is_dir() {
        return Err(fail(&"not a directory"));
    }
    Ok(OwnedFd::from(file))
}
