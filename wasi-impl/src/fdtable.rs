//! The guest's file descriptor table.
//!
//! Descriptors are an enum, not trait objects: every call matches on what it can act on and
//! answers the rest with a precise errno. New fds take the lowest free number, as POSIX does.

use crate::stdio::{Input, Output};
use crate::sys::HostStream;
use std::collections::BTreeSet;
use std::os::fd::OwnedFd;
use wasi_abi::{Errno, Fdflags, Rights};

/// What a guest fd refers to.
#[derive(Debug)]
pub(crate) enum Descriptor {
    /// Fd 0: the guest's stdin.
    Stdin(Input, StdinCursor),
    /// Fd 1 or 2; the host stream is where `Inherit` writes.
    Stdout(Output, HostStream),
    /// A directory (a preopen, or one opened through a preopen).
    Dir(Dir),
}

/// The read position in [`Input::Bytes`].
#[derive(Debug, Default)]
pub(crate) struct StdinCursor(pub(crate) usize);

/// An open host directory.
#[derive(Debug)]
pub(crate) struct Dir {
    /// The host directory fd every path operation is relative to.
    #[expect(dead_code, reason = "path operations arrive with the next issue")]
    pub(crate) fd: OwnedFd,
    /// The guest name, for preopened directories (what `fd_prestat_dir_name` returns).
    pub(crate) preopen: Option<Box<str>>,
}

/// One slot of the table.
#[derive(Debug)]
pub(crate) struct FdEntry {
    pub(crate) desc: Descriptor,
    /// Operations permitted on this fd.
    pub(crate) rights_base: Rights,
    /// The most that descriptors opened through this fd may have.
    pub(crate) rights_inheriting: Rights,
    /// Flags the guest set with `fd_fdstat_set_flags` (or was opened with).
    #[expect(dead_code, reason = "fd_fdstat_set_flags arrives with the next issue")]
    pub(crate) flags: Fdflags,
}

impl FdEntry {
    pub(crate) fn new(desc: Descriptor, rights_base: Rights, rights_inheriting: Rights) -> FdEntry {
        FdEntry {
            desc,
            rights_base,
            rights_inheriting,
            flags: Fdflags::empty(),
        }
    }
}

/// Fd number -> entry, lowest free number first, with a cap on open fds.
#[derive(Debug)]
pub(crate) struct FdTable {
    slots: Vec<Option<FdEntry>>,
    /// Numbers below `slots.len()` whose slot is empty.
    free: BTreeSet<u32>,
    open: usize,
    max_open: usize,
}

impl FdTable {
    pub(crate) fn new(max_open: usize) -> FdTable {
        FdTable {
            slots: Vec::new(),
            free: BTreeSet::new(),
            open: 0,
            max_open,
        }
    }

    /// The entry for `fd`, or `EBADF`.
    #[inline]
    pub(crate) fn get(&self, fd: u32) -> Result<&FdEntry, Errno> {
        self.slots
            .get(fd as usize)
            .and_then(Option::as_ref)
            .ok_or(Errno::BADF)
    }

    /// The entry for `fd`, writable, or `EBADF`.
    #[inline]
    pub(crate) fn get_mut(&mut self, fd: u32) -> Result<&mut FdEntry, Errno> {
        self.slots
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(Errno::BADF)
    }

    /// Installs `entry` at the lowest free number; `EMFILE` past the cap.
    pub(crate) fn insert(&mut self, entry: FdEntry) -> Result<u32, Errno> {
        if self.open >= self.max_open {
            return Err(Errno::MFILE);
        }
        let fd = match self.free.pop_first() {
            Some(fd) => fd,
            None => {
                let fd = u32::try_from(self.slots.len()).map_err(|_| Errno::MFILE)?;
                self.slots.push(None);
                fd
            }
        };
        let slot = self.slots.get_mut(fd as usize).ok_or(Errno::MFILE)?;
        *slot = Some(entry);
        self.open = self.open.saturating_add(1);
        Ok(fd)
    }

    /// Removes and returns the entry for `fd`, or `EBADF`. Dropping it closes any host fd.
    pub(crate) fn remove(&mut self, fd: u32) -> Result<FdEntry, Errno> {
        let entry = self
            .slots
            .get_mut(fd as usize)
            .and_then(Option::take)
            .ok_or(Errno::BADF)?;
        self.free.insert(fd);
        self.open = self.open.saturating_sub(1);
        // Keep the vector short when the highest fds close.
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
            if let Ok(top) = u32::try_from(self.slots.len()) {
                self.free.remove(&top);
            }
        }
        Ok(entry)
    }

    /// Number of open fds.
    pub(crate) fn len(&self) -> usize {
        self.open
    }
}
