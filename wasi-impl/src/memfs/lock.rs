//! The one lock of a [`MemFs`](super::MemFs): every handle of one filesystem shares its
//! state behind it. The only `std` type of the filesystem's own code, kept here so that a
//! `no_std` build can put a spin lock in its place.

use std::sync::{Mutex, PoisonError};

/// A value behind a mutex, used only through [`Lock::with`].
#[derive(Debug)]
pub(crate) struct Lock<T>(Mutex<T>);

impl<T> Lock<T> {
    pub(crate) fn new(value: T) -> Lock<T> {
        Lock(Mutex::new(value))
    }

    /// Runs `f` on the value, holding the lock. A panic in another holder cannot leave the
    /// state half-changed in a way that matters more than failing every later call, so a
    /// poisoned lock is taken over.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
