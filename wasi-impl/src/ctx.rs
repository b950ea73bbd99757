//! [`WasiCtx`], everything one guest instance can reach, and its builder.

use crate::args::StringList;
use crate::backend::{Clock, Dir, Poller, Random};
pub use crate::error::BuildError;
use crate::fdtable::{Descriptor, DirFd, FdEntry, FdTable};
use crate::host::{HostClock, HostDir, HostPoller, HostRandom, HostSocket, StdStream};
use crate::path::Resolver;
use crate::rights;
use crate::stdio::{Input, Output};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wasi_abi::{Filetype, Rights};

/// Default cap on the number of open guest fds (stdio and preopens included).
pub const DEFAULT_MAX_OPEN_FDS: usize = 4096;

/// The fewest fds of the host process's soft `RLIMIT_NOFILE` kept out of the guest's reach:
/// the most a path walk holds at once plus a few for the host's own (a trace file, a module
/// being read).
const HOST_FD_MARGIN_MIN: usize = crate::path::trail::WALK_OPEN_DIRS + 8;
/// The most fds kept out of the guest's reach, however high the limit.
const HOST_FD_MARGIN_MAX: usize = 320;

/// How many fds of a soft `RLIMIT_NOFILE` of `soft` the guest's table leaves to the host: a
/// quarter of the limit, at least [`HOST_FD_MARGIN_MIN`] and at most [`HOST_FD_MARGIN_MAX`],
/// and never more than half the limit, so that a guest still gets stdio, its preopens and a
/// few fds of its own under a low limit (64 leaves it 39).
pub(crate) fn host_fd_margin(soft: usize) -> usize {
    (soft / 4)
        .clamp(HOST_FD_MARGIN_MIN, HOST_FD_MARGIN_MAX)
        .min(soft / 2)
}

/// The state of one guest: arguments, environment and fd table.
///
/// Build one with [`WasiCtx::builder`]; each preview1 function is a method of the same name.
#[derive(Debug)]
pub struct WasiCtx {
    pub(crate) args: StringList,
    pub(crate) env: StringList,
    pub(crate) fds: FdTable,
    pub(crate) resolver: Resolver,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) random: Box<dyn Random>,
    pub(crate) poller: Box<dyn Poller>,
    pub(crate) yield_host_thread: bool,
    /// Reused by every read and write for its gathered iovecs.
    pub(crate) iov_scratch: Vec<(usize, usize)>,
    /// `poll_oneoff`'s buffers, reused between calls.
    pub(crate) poll_scratch: crate::poll::PollScratch,
    /// Writes a line per call when set.
    pub(crate) tracer: Option<Box<crate::Tracer>>,
    /// No `poll_oneoff` waits past it (see [`WasiCtxBuilder::deadline`]).
    pub(crate) deadline: Option<std::time::Instant>,
    /// Opens the sockets a guest asks for (WASIX) and looks names up.
    pub(crate) network: Box<dyn crate::backend::Network>,
    /// What the guest's sockets may reach.
    pub(crate) net_policy: Arc<crate::net::NetPolicy>,
    /// The policy's decisions since the last call, for the trace.
    pub(crate) net_notes: crate::net::Notes,
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

/// Configures a [`WasiCtx`].
#[derive(Debug)]
pub struct WasiCtxBuilder {
    args: Vec<Vec<u8>>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
    preopens: Vec<Preopen>,
    listeners: Vec<HostSocket>,
    resolver: Option<Resolver>,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    max_open_fds: usize,
    yield_host_thread: bool,
    tracer: Option<crate::Tracer>,
    clock: Arc<dyn Clock>,
    random: Option<Box<dyn Random>>,
    /// What inherited stdio reports as its filetype (`None`: the host's).
    stdio_filetype: Option<Filetype>,
    /// Every stdio stream hides the host's inode, times and flags.
    anonymous_stdio: bool,
    deadline: Option<std::time::Instant>,
    network: Option<Box<dyn crate::backend::Network>>,
    net_policy: crate::net::NetPolicy,
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
            clock: Arc::new(HostClock),
            random: None,
            stdio_filetype: None,
            anonymous_stdio: false,
            deadline: None,
            network: None,
            net_policy: crate::net::NetPolicy::deny_all(),
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
        self.preopens.push(Preopen {
            dir: PreopenDir::Host(host.as_ref().to_path_buf()),
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
        self.preopens.push(Preopen {
            dir: PreopenDir::Host(host.as_ref().to_path_buf()),
            guest: guest.into(),
            read_only: true,
        });
        self
    }

    /// Preopens a directory of any backend (an in-memory [`MemFs`](crate::MemFs), an
    /// [`Overlay`](crate::Overlay), the embedder's own [`Dir`]) under the guest name `guest`.
    /// With `read_only` it gets the rights of [`preopen_dir_readonly`](Self::preopen_dir_readonly).
    pub fn preopen(mut self, dir: Box<dyn Dir>, guest: impl Into<String>, read_only: bool) -> Self {
        self.preopens.push(Preopen {
            dir: PreopenDir::Backend(dir),
            guest: guest.into(),
            read_only,
        });
        self
    }

    /// Gives the guest a listening TCP socket (what `--tcplisten` does). Sockets get the fds
    /// after the preopened directories, so wasi-libc's preopen scan, which stops at the first
    /// fd that is not a preopen, still finds every directory.
    pub fn tcp_listener(mut self, listener: std::net::TcpListener) -> Self {
        self.listeners.push(HostSocket::from(listener));
        self
    }

    /// What the sockets a guest opens itself (WASIX `sock_open`) may reach, and which names
    /// it may look up. The default denies everything: without a policy that allows
    /// something, every bind, connect, send and lookup fails with `EACCES`.
    ///
    /// ```
    /// use wasi_impl::net::{NetPolicy, Rule};
    /// let policy = NetPolicy::deny_all()
    ///     .allow(Rule::parse("connect:127.0.0.1:8000-8100")?)
    ///     .deny(Rule::parse("connect:127.0.0.1:8080")?);
    /// let ctx = wasi_impl::WasiCtx::builder().net_policy(policy).build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_policy(mut self, policy: crate::net::NetPolicy) -> Self {
        self.net_policy = policy;
        self
    }

    /// The network the guest's sockets are opened on and names looked up in (default: the
    /// host's, [`HostNetwork`](crate::host::HostNetwork)). The policy applies to any.
    pub fn network(mut self, network: Box<dyn crate::backend::Network>) -> Self {
        self.network = Some(network);
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
    /// `RLIMIT_NOFILE` less a margin for the host's own fds: a quarter of the limit, between
    /// 25 and 320 fds, at most half of it (see [`crate::prepare_host_process`] to raise that
    /// limit).
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

    /// Replaces the host's clocks: `clock_time_get`, `clock_res_get` and the waits of
    /// `poll_oneoff` use `clock` (a [virtual](crate::backend::Clock::is_virtual) one turns
    /// waits into jumps of its time). Give the same clock to
    /// [`MemFs::with_clock`](crate::MemFs::with_clock) so the files' times come from it too;
    /// [`clock_handle`](Self::clock_handle) returns it.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The clock the context will use (the host's unless [`clock`](Self::clock) or
    /// [`deterministic`](Self::deterministic) chose another), to share with the backends
    /// that stamp times.
    pub fn clock_handle(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    /// Replaces the source of `random_get`'s bytes (by default
    /// [`HostRandom`](crate::host::HostRandom), a CSPRNG seeded from the OS).
    pub fn random(mut self, random: Box<dyn Random>) -> Self {
        self.random = Some(random);
        self
    }

    /// Makes inherited stdio (see [`Input::Inherit`], [`Output::Inherit`]) report
    /// `filetype` to `fd_fdstat_get` and `fd_filestat_get`, with no host inode or times,
    /// instead of what the host's streams are. A guest's C library decides from the
    /// filetype whether a stream is a terminal (`CHARACTER_DEVICE`), and so how it buffers.
    pub fn inherited_stdio_filetype(mut self, filetype: Filetype) -> Self {
        self.stdio_filetype = Some(filetype);
        self
    }

    /// Makes the guest's `poll_oneoff` never wait past `deadline` (host time): a guest
    /// still waiting then is stopped with [`Trap::TimeLimit`](crate::Trap::TimeLimit). It
    /// does not stop a guest that computes without waiting; an engine's fuel or
    /// interruption does that (`wasi-run --timeout` uses both).
    pub fn deadline(mut self, deadline: std::time::Instant) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Makes the run reproducible: a [`VirtualClock`](crate::determinism::VirtualClock)
    /// (fixed epoch, a step per reading, waits that take no time), `random_get` from
    /// [`SeededRandom`](crate::determinism::SeededRandom) keyed by `seed` (not
    /// cryptographic), stdio that reports filetype `unknown` with no inode, size or times
    /// whatever the host's streams are, and `sched_yield` returning at once. Host
    /// preopens still show host inode numbers and times: use in-memory ones (stamped by
    /// this clock, see [`clock_handle`](Self::clock_handle)) for a fully reproducible run.
    ///
    /// ```
    /// use wasi_impl::{MemFs, WasiCtx};
    ///
    /// let builder = WasiCtx::builder().deterministic(7);
    /// let fs = MemFs::with_clock(builder.clock_handle());
    /// let ctx = builder.preopen(fs.root(), "/", false).build().unwrap();
    /// # drop(ctx);
    /// ```
    pub fn deterministic(mut self, seed: u64) -> Self {
        self.clock = Arc::new(crate::determinism::VirtualClock::new());
        self.random = Some(Box::new(crate::determinism::SeededRandom::new(seed)));
        self.stdio_filetype = Some(Filetype::Unknown);
        self.anonymous_stdio = true;
        self.yield_host_thread = false;
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
        let host_room = crate::host::fd_soft_limit()
            .and_then(|soft| usize::try_from(soft).ok())
            .map_or(usize::MAX, |soft| soft.saturating_sub(host_fd_margin(soft)));
        let mut fds = FdTable::new(self.max_open_fds.min(host_room));
        let too_small =
            |what: &str| BuildError::new(format!("max_open_fds is too small for {what}"));
        let inherited = [
            matches!(self.stdin, Input::Inherit),
            matches!(self.stdout, Output::Inherit),
            matches!(self.stderr, Output::Inherit),
        ];
        let stdio = [
            (self.stdin.into_file(), rights::STDIN),
            (self.stdout.into_file(StdStream::Stdout), rights::STDOUT),
            (self.stderr.into_file(StdStream::Stderr), rights::STDOUT),
        ];
        for ((file, base), inherited) in stdio.into_iter().zip(inherited) {
            let file: Box<dyn crate::backend::File> = match self.stdio_filetype {
                Some(filetype) if inherited || self.anonymous_stdio => {
                    Box::new(crate::determinism::AnonymousStdio::new(file, filetype))
                }
                _ => file,
            };
            let filetype = file.filetype();
            // A stream redirected from or to a regular file may seek, as on the host.
            let base = if filetype == Filetype::RegularFile {
                base | Rights::FD_SEEK | Rights::FD_TELL
            } else {
                base
            };
            fds.insert(FdEntry::new(Descriptor::File(file), filetype, base, base))
                .map_err(|_| too_small("stdio"))?;
        }
        for preopen in self.preopens {
            let dir = match preopen.dir {
                PreopenDir::Host(path) => Box::new(open_dir(&path)?),
                PreopenDir::Backend(dir) => dir,
            };
            let dir = DirFd {
                dir,
                preopen: Some(preopen.guest.into_boxed_str()),
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
            let entry = FdEntry::new(
                Descriptor::Socket(Box::new(listener)),
                Filetype::SocketStream,
                rights::LISTENER,
                rights::CONNECTION,
            );
            fds.insert(entry).map_err(|_| too_small("the listeners"))?;
        }
        let resolver = self.resolver.unwrap_or_else(Resolver::detect);
        let trace_kept = self.tracer.is_some();
        Ok(WasiCtx {
            args,
            env,
            fds,
            resolver,
            clock: self.clock,
            random: self
                .random
                .unwrap_or_else(|| Box::new(HostRandom::default())),
            poller: Box::new(HostPoller::default()),
            yield_host_thread: self.yield_host_thread,
            iov_scratch: Vec::with_capacity(crate::iov::MAX_IOVECS),
            poll_scratch: crate::poll::PollScratch::default(),
            tracer: self.tracer.map(Box::new),
            deadline: self.deadline,
            network: self
                .network
                .unwrap_or_else(|| Box::new(crate::host::HostNetwork)),
            net_policy: Arc::new(self.net_policy),
            net_notes: crate::net::Notes::new(trace_kept),
        })
    }
}

/// A directory to preopen.
#[derive(Debug)]
struct Preopen {
    dir: PreopenDir,
    guest: String,
    read_only: bool,
}

/// Where a preopen's directory comes from.
#[derive(Debug)]
enum PreopenDir {
    /// A host directory, opened by [`WasiCtxBuilder::build`].
    Host(PathBuf),
    /// A directory of any backend, ready.
    Backend(Box<dyn Dir>),
}

/// Opens a host directory for use as a preopen.
fn open_dir(path: &Path) -> Result<HostDir, BuildError> {
    HostDir::open(path).map_err(|why| {
        BuildError::new(format!(
            "cannot preopen directory {}: {why}",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::host_fd_margin;

    #[test]
    fn the_fd_margin_scales_with_the_limit() {
        // (soft limit, margin): half of a tiny limit, 25 at least, a quarter, 320 at most.
        let table = [
            (0, 0),
            (1, 0),
            (10, 5),
            (40, 20),
            (50, 25),
            (64, 25),
            (100, 25),
            (103, 25),
            (104, 26),
            (256, 64),
            (323, 80),
            (1024, 256),
            (1280, 320),
            (4096, 320),
            (1 << 20, 320),
            (usize::MAX, 320),
        ];
        for (soft, margin) in table {
            assert_eq!(host_fd_margin(soft), margin, "soft limit {soft}");
        }
        // Under 64 fds, stdio, two preopens and a few more fit.
        assert_eq!(64 - host_fd_margin(64), 39);
    }
}
