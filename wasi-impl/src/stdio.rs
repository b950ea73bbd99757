//! What the guest's fds 0, 1 and 2 are connected to.

use std::sync::{Arc, Mutex, PoisonError};

/// Where the guest's stdin reads from.
#[derive(Debug, Default)]
pub enum Input {
    /// The host process's stdin.
    #[default]
    Inherit,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
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
    /// Discarded (`/dev/null`).
    Null,
}

/// A shared, growable byte buffer that captures a guest's output.
///
/// Clone it before handing it to the builder; every clone sees the same bytes. It grows
/// without limit (one `fd_write` can add up to 4 GiB): use [`Output::Null`] or an inherited
/// stream for guests whose output volume you do not control.
#[derive(Debug, Default, Clone)]
pub struct OutputBuffer(Arc<Mutex<Vec<u8>>>);

impl OutputBuffer {
    /// An empty buffer.
    pub fn new() -> OutputBuffer {
        OutputBuffer::default()
    }

    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Everything written so far, as (lossy) UTF-8.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.contents()).into_owned()
    }

    /// Appends bytes (used by the fd layer).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
