//! The guest's file descriptor table.
//!
//! Descriptors are an enum of the three kinds of handle the seam has (files, directories,
//! sockets), each a backend's trait object: every call matches on the kind it can act on
//! and answers the rest with a precise errno. New fds take the lowest free number, as POSIX
//! does.

use crate::backend::{Dir, File, Handle, Socket};
use std::collections::BTreeSet;
use wasi_abi::{Errno, Filetype, Rights};

/// What a guest fd refers to.
#[derive(Debug)]
pub(crate) enum Descriptor {
    /// A file that is not a directory or a socket: a regular file, a device, a FIFO, or a
    /// stdio stream (the host's or an in-memory one).
    File(Box<dyn File>),
    /// A directory: a preopen, or one opened through a preopen.
    Dir(DirFd),
    /// A socket: a listener the host gave, or a connection it accepted.
    Socket(Box<dyn Socket>),
}

/// An open directory.
#[derive(Debug)]
pub(crate) struct DirFd {
    /// The backend's directory.
    pub(crate) dir: Box<dyn Dir>,
    /// The guest name, for preopened directories (what `fd_prestat_dir_name` returns).
    pub(crate) preopen: Option<Box<str>>,
}

impl Descriptor {
    /// The handle behind any descriptor, for the calls every kind answers.
    pub(crate) fn handle(&self) -> &dyn Handle {
        match self {
            Descriptor::File(file) => file.as_ref(),
            Descriptor::Dir(dir) => dir.dir.as_ref(),
            Descriptor::Socket(sock) => sock.as_ref(),
        }
    }
}

/// One slot of the table.
#[derive(Debug)]
pub(crate) struct FdEntry {
    pub(crate) desc: Descriptor,
    /// The type reported by `fd_fdstat_get`, fixed when the fd was opened.
    pub(crate) filetype: Filetype,
    /// Operations permitted on this fd.
    pub(crate) rights_base: Rights,
    /// The most that descriptors opened through this fd may have.
    pub(crate) rights_inheriting: Rights,
}

impl FdEntry {
    pub(crate) fn new(
        desc: Descriptor,
        filetype: Filetype,
        rights_base: Rights,
        rights_inheriting: Rights,
    ) -> FdEntry {
        FdEntry {
            desc,
            filetype,
            rights_base,
            rights_inheriting,
        }
    }

    /// Checks that this fd has `right`; otherwise answers `errno`.
    #[inline]
    pub(crate) fn require(&self, right: Rights, errno: Errno) -> Result<&Self, Errno> {
        if self.rights_base.contains(right) {
            Ok(self)
        } else {
            Err(errno)
        }
    }

    /// The directory this fd is, with the right `right`; `ENOTDIR` for other descriptors,
    /// `ENOTCAPABLE` without the right.
    pub(crate) fn dir(&self, right: Rights) -> Result<&dyn Dir, Errno> {
        match &self.desc {
            Descriptor::Dir(dir) => {
                self.require(right, Errno::NOTCAPABLE)?;
                Ok(dir.dir.as_ref())
            }
            Descriptor::File(_) | Descriptor::Socket(_) => Err(Errno::NOTDIR),
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
        self.open = self.open.saturating_sub(1);
        if (fd as usize).saturating_add(1) < self.slots.len() {
            self.free.insert(fd);
            return Ok(entry);
        }
        // The highest fd closed (the common open-close pattern): shorten the vector, past
        // any free numbers just below it, instead of recording it as free.
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
            if let Ok(top) = u32::try_from(self.slots.len()) {
                if !self.free.is_empty() {
                    self.free.remove(&top);
                }
            }
        }
        Ok(entry)
    }

    /// Moves the entry of `from` to `to`, closing what `to` held. Both must be open (`EBADF`
    /// otherwise); renumbering an fd onto itself changes nothing.
    pub(crate) fn renumber(&mut self, from: u32, to: u32) -> Result<(), Errno> {
        self.get(from)?;
        self.get(to)?;
        if from == to {
            return Ok(());
        }
        let entry = self.remove(from)?;
        let slot = self.slots.get_mut(to as usize).ok_or(Errno::BADF)?;
        // The old entry of `to` is dropped here, closing its host fd.
        *slot = Some(entry);
        Ok(())
    }

    /// `EMFILE` if the table is full: checked before a call creates anything on the host, so
    /// that a refused `path_open` with `CREAT` leaves no file behind.
    pub(crate) fn check_room(&self) -> Result<(), Errno> {
        if self.open >= self.max_open {
            Err(Errno::MFILE)
        } else {
            Ok(())
        }
    }

    /// Number of open fds.
    pub(crate) fn len(&self) -> usize {
        self.open
    }
}
