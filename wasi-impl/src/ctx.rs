//! [`WasiCtx`], everything one guest instance can reach, and its builder.

use crate::args::StringList;
use crate::fdtable::{Descriptor, Dir, FdEntry, FdTable, StdinCursor};
use crate::rights;
use crate::stdio::{Input, Output};
use crate::sys::HostStream;
use std::fmt;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

/// Default cap on the number of open guest fds (stdio and preopens included).
pub const DEFAULT_MAX_OPEN_FDS: usize = 4096;

/// The state of one guest: arguments, environment and fd table.
///
/// Build one with [`WasiCtx::builder`]; each preview1 function is a method of the same name.
#[derive(Debug)]
pub struct WasiCtx {
    pub(crate) args: StringList,
    pub(crate) env: StringList,
    pub(crate) fds: FdTable,
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
}

/// Configures a [`WasiCtx`].
#[derive(Debug)]
pub struct WasiCtxBuilder {
    args: Vec<Vec<u8>>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
    preopens: Vec<(PathBuf, String)>,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    max_open_fds: usize,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            preopens: Vec::new(),
            stdin: Input::Inherit,
            stdout: Output::Inherit,
            stderr: Output::Inherit,
            max_open_fds: DEFAULT_MAX_OPEN_FDS,
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
        self.preopens
            .push((host.as_ref().to_path_buf(), guest.into()));
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
    /// opening more answers `EMFILE`.
    pub fn max_open_fds(mut self, max: usize) -> Self {
        self.max_open_fds = max;
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
        let mut fds = FdTable::new(self.max_open_fds);
        let stdio = [
            FdEntry::new(
                Descriptor::Stdin(self.stdin, StdinCursor::default()),
                rights::STDIN,
                rights::STDIN,
            ),
            FdEntry::new(
                Descriptor::Stdout(self.stdout, HostStream::Stdout),
                rights::STDOUT,
                rights::STDOUT,
            ),
            FdEntry::new(
                Descriptor::Stdout(self.stderr, HostStream::Stderr),
                rights::STDOUT,
                rights::STDOUT,
            ),
        ];
        for entry in stdio {
            fds.insert(entry)
                .map_err(|_| BuildError::new("max_open_fds is too small for stdio"))?;
        }
        for (host, guest) in self.preopens {
            let fd = open_dir(&host)?;
            let dir = Dir {
                fd,
                preopen: Some(guest.into_boxed_str()),
            };
            let entry = FdEntry::new(
                Descriptor::Dir(dir),
                rights::DIRECTORY,
                rights::DIRECTORY_INHERITING,
            );
            fds.insert(entry).map_err(|_| {
                BuildError::new(format!(
                    "too many preopens for max_open_fds when adding {}",
                    host.display()
                ))
            })?;
        }
        Ok(WasiCtx { args, env, fds })
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
