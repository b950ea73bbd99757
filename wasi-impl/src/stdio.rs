//! What the guest's fds 0, 1 and 2 are connected to: the host's own streams, or in-memory
//! ones ([`Input::Bytes`], [`Output::Capture`], ...), which are [`File`]s written here.

use crate::backend::{File, Handle, Readiness, Result, SetTime, Stat};
use crate::host::{HostStdio, StdStream};
use std::cell::Cell;
use std::sync::{Arc, Mutex, PoisonError};
use wasi_abi::{Advice, Errno, Fdflags, Filetype, Whence};

/// Where the guest's stdin reads from.
#[derive(Debug, Default)]
pub enum Input {
    /// The host process's stdin.
    #[default]
    Inherit,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// Whatever this reader yields, then end of file when it returns 0. A read blocks as long
    /// as the reader does; `poll_oneoff` reports it always readable.
    Reader(Reader),
    /// End of file at once.
    Null,
}

/// Where the guest's stdout or stderr writes go.
#[derive(Debug, Default, Clone)]
pub enum Output {
    /// The host process's stdout (for fd 1) or stderr (for fd 2).
    #[default]
    Inherit,
    /// An in-memory buffer the embedder can read.
    Capture(OutputBuffer),
    /// Any writer the embedder supplies (a file, a socket, a pipe to another thread). Each
    /// `fd_write` is one `write_all` of its buffers in order; a failing writer is `EIO`.
    Writer(Writer),
    /// Discarded (`/dev/null`).
    Null,
}

/// A shared byte buffer that captures a guest's output.
///
/// Clone it before handing it to the builder; every clone sees the same bytes. A buffer made
/// with [`OutputBuffer::new`] grows without limit (one `fd_write` can add up to 4 GiB); one
/// made with [`OutputBuffer::with_limit`] holds at most that many bytes: a write that does
/// not fit is cut short at the limit (the guest sees how many bytes were taken, as from a
/// pipe), and every write after that, once it is full, fails with `ENOSPC`.
/// [`OutputBuffer::dropped`] says how many bytes the guest tried to write past the limit.
#[derive(Debug, Default, Clone)]
pub struct OutputBuffer(Arc<Mutex<Captured>>, Option<usize>);

/// What an [`OutputBuffer`] holds.
#[derive(Debug, Default)]
struct Captured {
    bytes: Vec<u8>,
    /// Bytes refused or cut off by the limit.
    dropped: u64,
}

impl OutputBuffer {
    /// An empty buffer without a limit.
    pub fn new() -> OutputBuffer {
        OutputBuffer::default()
    }

    /// An empty buffer that holds at most `limit` bytes.
    ///
    /// ```
    /// use wasi_impl::{Output, OutputBuffer};
    /// let stdout = OutputBuffer::with_limit(64 * 1024);
    /// let ctx = wasi_impl::WasiCtx::builder().stdout(Output::Capture(stdout.clone())).build();
    /// assert!(ctx.is_ok() && stdout.contents().is_empty() && stdout.dropped() == 0);
    /// ```
    pub fn with_limit(limit: usize) -> OutputBuffer {
        OutputBuffer(Arc::default(), Some(limit))
    }

    /// The limit [`OutputBuffer::with_limit`] set, if any.
    pub fn limit(&self) -> Option<usize> {
        self.1
    }

    /// How many bytes the guest tried to write that the limit kept out (0: the output is
    /// whole).
    pub fn dropped(&self) -> u64 {
        self.with(|c| c.dropped)
    }

    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.with(|c| c.bytes.clone())
    }

    /// Everything written so far, as (lossy) UTF-8.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.contents()).into_owned()
    }

    fn with<R>(&self, f: impl FnOnce(&mut Captured) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// A reader for [`Input::Reader`].
pub struct Reader(Box<dyn std::io::Read + Send>);

impl Reader {
    /// Wraps `reader`.
    pub fn new(reader: impl std::io::Read + Send + 'static) -> Reader {
        Reader(Box::new(reader))
    }
}

impl core::fmt::Debug for Reader {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Reader(..)")
    }
}

/// A shared writer for [`Output::Writer`]; clones write to the same writer (so one can serve
/// both stdout and stderr).
#[derive(Clone)]
pub struct Writer(Arc<Mutex<dyn std::io::Write + Send>>);

impl Writer {
    /// Wraps `writer`.
    pub fn new(writer: impl std::io::Write + Send + 'static) -> Writer {
        Writer(Arc::new(Mutex::new(writer)))
    }
}

impl core::fmt::Debug for Writer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Writer(..)")
    }
}

impl Input {
    /// The guest's fd 0 for this input.
    pub(crate) fn into_file(self) -> Box<dyn File> {
        match self {
            Input::Inherit => Box::new(HostStdio::new(StdStream::Stdin)),
            Input::Bytes(data) => Box::new(MemStdio::input(data)),
            Input::Reader(reader) => Box::new(MemStdio {
                kind: MemKind::Reader(reader),
                flags: Cell::new(Fdflags::empty()),
            }),
            Input::Null => Box::new(MemStdio::input(Vec::new())),
        }
    }
}

impl Output {
    /// The guest's fd 1 or 2 (as `stream` says) for this output.
    pub(crate) fn into_file(self, stream: StdStream) -> Box<dyn File> {
        match self {
            Output::Inherit => Box::new(HostStdio::new(stream)),
            Output::Capture(buffer) => Box::new(MemStdio::output(Some(buffer))),
            Output::Writer(writer) => Box::new(MemStdio {
                kind: MemKind::Writer(writer),
                flags: Cell::new(Fdflags::empty()),
            }),
            Output::Null => Box::new(MemStdio::output(None)),
        }
    }
}

/// An in-memory stdio stream: input bytes read once, or output captured (or discarded).
/// Type `unknown`, no inode, no times, not seekable; its flags are kept as the guest sets
/// them.
#[derive(Debug)]
struct MemStdio {
    kind: MemKind,
    flags: Cell<Fdflags>,
}

#[derive(Debug)]
enum MemKind {
    /// Bytes to read, and how many have been.
    Input(Vec<u8>, usize),
    /// Where writes go (`None`: nowhere).
    Output(Option<OutputBuffer>),
    /// An embedder's reader.
    Reader(Reader),
    /// An embedder's writer.
    Writer(Writer),
}

impl MemStdio {
    fn input(data: Vec<u8>) -> MemStdio {
        MemStdio {
            kind: MemKind::Input(data, 0),
            flags: Cell::new(Fdflags::empty()),
        }
    }

    fn output(buffer: Option<OutputBuffer>) -> MemStdio {
        MemStdio {
            kind: MemKind::Output(buffer),
            flags: Cell::new(Fdflags::empty()),
        }
    }
}

impl Handle for MemStdio {
    fn stat(&self) -> Result<Stat> {
        Ok(Stat::unknown(Filetype::Unknown))
    }

    fn set_times(&self, _: SetTime, _: SetTime) -> Result<()> {
        Err(Errno::NOTSUP)
    }

    fn fdflags(&self) -> Result<Fdflags> {
        Ok(self.flags.get())
    }

    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        self.flags.set(flags);
        Ok(())
    }

    fn sync(&self) -> Result<()> {
        Ok(())
    }

    fn datasync(&self) -> Result<()> {
        Ok(())
    }
}

impl File for MemStdio {
    fn filetype(&self) -> Filetype {
        Filetype::Unknown
    }

    fn read(&mut self, mem: &mut [u8], ranges: &[(usize, usize)]) -> Result<usize> {
        let (data, at) = match &mut self.kind {
            MemKind::Input(data, at) => (data, at),
            MemKind::Reader(reader) => return read_ranges(&mut *reader.0, mem, ranges),
            MemKind::Output(_) | MemKind::Writer(_) => return Err(Errno::BADF),
        };
        let mut copied = 0usize;
        for &(start, len) in ranges {
            let rest = data.get(*at..).unwrap_or_default();
            let n = len.min(rest.len());
            if n == 0 {
                break;
            }
            if let (Some(dst), Some(src)) =
                (mem.get_mut(start..start.saturating_add(n)), rest.get(..n))
            {
                dst.copy_from_slice(src);
                *at = at.saturating_add(n);
                copied = copied.saturating_add(n);
            }
        }
        Ok(copied)
    }

    fn write(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
        let total = ranges.iter().fold(0usize, |t, r| t.saturating_add(r.1));
        let buffer = match &self.kind {
            MemKind::Output(buffer) => buffer,
            MemKind::Writer(writer) => {
                let mut out = writer.0.lock().unwrap_or_else(PoisonError::into_inner);
                for &(start, len) in ranges {
                    let bytes = mem.get(start..start.saturating_add(len));
                    out.write_all(bytes.unwrap_or_default())
                        .map_err(|_| Errno::IO)?;
                }
                out.flush().map_err(|_| Errno::IO)?;
                return Ok(total);
            }
            MemKind::Input(..) | MemKind::Reader(_) => return Err(Errno::BADF),
        };
        let Some(buffer) = buffer else {
            return Ok(total);
        };
        let limit = buffer.1;
        buffer.with(|out| {
            let held = out.bytes.len();
            let mut room = limit.map_or(usize::MAX, |limit| limit.saturating_sub(held));
            let cut = total.saturating_sub(room);
            out.dropped = out
                .dropped
                .saturating_add(u64::try_from(cut).unwrap_or(u64::MAX));
            if room == 0 && total > 0 {
                return Err(Errno::NOSPC);
            }
            let mut taken = 0usize;
            for &(start, len) in ranges {
                let len = len.min(room);
                let bytes = mem.get(start..start.saturating_add(len));
                out.bytes.extend_from_slice(bytes.unwrap_or_default());
                room = room.saturating_sub(len);
                taken = taken.saturating_add(len);
            }
            Ok(taken)
        })
    }

    fn pread(&mut self, _: &mut [u8], _: &[(usize, usize)], _: u64) -> Result<usize> {
        Err(Errno::SPIPE)
    }

    fn pwrite(&mut self, _: &[u8], _: &[(usize, usize)], _: u64) -> Result<usize> {
        Err(Errno::SPIPE)
    }

    fn seek(&mut self, _: i64, _: Whence) -> Result<u64> {
        Err(Errno::SPIPE)
    }

    fn set_size(&mut self, _: u64) -> Result<()> {
        Err(Errno::SPIPE)
    }

    fn allocate(&mut self, _: u64, _: u64) -> Result<()> {
        Err(Errno::SPIPE)
    }

    fn advise(&mut self, _: u64, _: u64, _: Advice) -> Result<()> {
        Err(Errno::SPIPE)
    }

    fn readiness(&self, write: bool) -> Readiness {
        match (&self.kind, write) {
            (MemKind::Input(data, at), false) => {
                let left = u64::try_from(data.len().saturating_sub(*at)).unwrap_or(0);
                Readiness::Ready {
                    nbytes: left,
                    hangup: left == 0,
                }
            }
            (MemKind::Output(_) | MemKind::Writer(_), true) | (MemKind::Reader(_), false) => {
                Readiness::Ready {
                    nbytes: 0,
                    hangup: false,
                }
            }
            // Stdin polled for writing, stdout for reading.
            (MemKind::Input(..) | MemKind::Reader(_), true)
            | (MemKind::Output(_) | MemKind::Writer(_), false) => Readiness::Refused(Errno::BADF),
        }
    }
}

/// Reads from `reader` into the ranges in order, stopping at the first short read (as
/// `readv` does); an interrupted read is retried, any other failure is `EIO`.
fn read_ranges(
    reader: &mut (dyn std::io::Read + Send),
    mem: &mut [u8],
    ranges: &[(usize, usize)],
) -> Result<usize> {
    let mut copied = 0usize;
    for &(start, len) in ranges {
        let Some(dst) = mem.get_mut(start..start.saturating_add(len)) else {
            break;
        };
        let n = loop {
            match reader.read(dst) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) if copied > 0 => return Ok(copied),
                Err(_) => return Err(Errno::IO),
            }
        };
        copied = copied.saturating_add(n);
        if n < len {
            break;
        }
    }
    Ok(copied)
}
