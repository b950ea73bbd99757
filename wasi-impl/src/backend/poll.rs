//! [`Poller`]: waiting for descriptors, and [`Readiness`]: what a descriptor says about it.

use super::Result;
use core::fmt::Debug;
use wasi_abi::Errno;

/// A backend's number for something a [`Poller`] can wait on (the host: the fd number). The
/// core never interprets it; it hands it back to the poller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollToken(u64);

impl PollToken {
    /// Wraps a backend's number.
    pub fn new(raw: u64) -> PollToken {
        PollToken(raw)
    }

    /// The backend's number.
    pub fn raw(self) -> u64 {
        self.0
    }
}

/// Whether a read or write on a descriptor would be answered at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Ready now: `nbytes` readable (0 for writes or when unknown), and whether the other end
    /// has hung up (end of stream).
    Ready {
        /// Bytes available to read.
        nbytes: u64,
        /// End of stream: the writer is gone.
        hangup: bool,
    },
    /// Only a [`Poller`] can tell: wait on this token.
    Wait(PollToken),
    /// It cannot be waited on this way (stdin polled for writing): the event carries this
    /// errno.
    Refused(Errno),
}

/// One descriptor a [`Poller`] waits on, and what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollRequest {
    /// What to wait on.
    pub token: PollToken,
    /// Wait until writable (otherwise readable).
    pub write: bool,
    /// Filled in by [`Poller::wait`] when the descriptor is ready: bytes readable, hangup,
    /// and an error for a token the poller cannot wait on (`EBADF` for a closed fd).
    pub ready: Option<(u64, bool, Errno)>,
}

/// Waits for descriptors and for time to pass.
pub trait Poller: Send + Debug {
    /// Waits until at least one of `requests` is ready or `timeout` nanoseconds have passed
    /// (`None`: no limit), and fills `ready` in for each request that is. With no requests it
    /// sleeps for `timeout`. A wait cut short by a signal returns with nothing ready (the core
    /// re-checks its clocks and waits again).
    fn wait(&mut self, requests: &mut [PollRequest], timeout: Option<u64>) -> Result<()>;
}
