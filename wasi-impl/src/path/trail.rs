//! The trail of a path walk: the directories between the walk's base and where it is now,
//! for `..`, with a bounded number of them open however deep the walk goes.

use crate::backend::{Dir, Name};
use wasi_abi::Errno;

/// The deepest levels of a walk that stay open, so that `..` back into them is free.
const WALK_WINDOW: usize = 8;
/// Levels above the window that stay open as checkpoints, evenly spaced: reopening a level
/// by name starts from the nearest open one above it, at most a quarter of the deepest level
/// reached away.
const WALK_CHECKPOINTS: usize = 8;
/// The most directories a walk holds open at once, however deep the path: the window, the
/// checkpoints, and the one being reopened.
pub(crate) const WALK_OPEN_DIRS: usize = WALK_WINDOW + WALK_CHECKPOINTS + 1;

/// One directory the walk went into: its name in the level above, and its handle while
/// the trail keeps it open.
struct Level {
    name: String,
    dir: Option<Box<dyn Dir>>,
}

/// The directories between the walk's base and where it is now, for `..`: every level's
/// name (so memory grows with the path, never past its components) and at most
/// [`WALK_OPEN_DIRS`] handles: the deepest [`WALK_WINDOW`] levels and, above them, the
/// levels at multiples of `stride` (doubled whenever there would be more than
/// [`WALK_CHECKPOINTS`] of them).
pub(super) struct Trail<'a> {
    base: &'a dyn Dir,
    levels: Vec<Level>,
    stride: usize,
}

impl<'a> Trail<'a> {
    pub(super) fn new(base: &'a dyn Dir) -> Trail<'a> {
        Trail {
            base,
            levels: Vec::new(),
            stride: 1,
        }
    }

    /// Whether level `i` (0 is the first below the base) keeps its handle.
    fn keeps(&self, i: usize) -> bool {
        let in_window = i.saturating_add(WALK_WINDOW) >= self.levels.len();
        in_window || i.saturating_add(1).checked_rem(self.stride) == Some(0)
    }

    /// Goes into `dir`, called `name` in the current directory.
    pub(super) fn push(&mut self, name: String, dir: Box<dyn Dir>) {
        self.levels.push(Level {
            name,
            dir: Some(dir),
        });
        // The level that just left the window.
        if let Some(i) = self.levels.len().checked_sub(WALK_WINDOW.saturating_add(1)) {
            if !self.keeps(i) {
                if let Some(level) = self.levels.get_mut(i) {
                    level.dir = None;
                }
            }
        }
        if self.levels.len().checked_div(self.stride).unwrap_or(0) > WALK_CHECKPOINTS {
            self.stride = self.stride.saturating_mul(2);
            for i in 0..self.levels.len() {
                if !self.keeps(i) {
                    if let Some(level) = self.levels.get_mut(i) {
                        level.dir = None;
                    }
                }
            }
        }
    }

    /// `..`: back to the level above; false at the base.
    pub(super) fn pop(&mut self) -> bool {
        self.levels.pop().is_some()
    }

    /// The directory the walk is in, reopened by name from the nearest open level above it
    /// if the trail had let it go.
    pub(super) fn current(&mut self) -> Result<&dyn Dir, Errno> {
        let Some(top) = self.levels.len().checked_sub(1) else {
            return Ok(self.base);
        };
        if self
            .levels
            .get(top)
            .is_some_and(|level| level.dir.is_none())
        {
            self.reopen(top)?;
        }
        self.levels
            .get(top)
            .and_then(|level| level.dir.as_deref())
            .ok_or(Errno::IO)
    }

    /// Looks up levels from the deepest open one above `top` down to `top`, keeping the
    /// handles [`Trail::keeps`] says to. Each name was a directory when the walk went
    /// through it; if it no longer is, the lookup's errno is the answer.
    fn reopen(&mut self, top: usize) -> Result<(), Errno> {
        let open_above = self
            .levels
            .get(..top)
            .and_then(|above| above.iter().rposition(|level| level.dir.is_some()));
        let start = open_above.map_or(0, |i| i.saturating_add(1));
        // The level above's handle when the trail does not keep it.
        let mut loose: Option<Box<dyn Dir>> = None;
        for i in start..=top {
            let parent: &dyn Dir = match (&loose, i.checked_sub(1)) {
                (Some(dir), _) => dir.as_ref(),
                (None, Some(above)) => self
                    .levels
                    .get(above)
                    .and_then(|level| level.dir.as_deref())
                    .ok_or(Errno::IO)?,
                (None, None) => self.base,
            };
            let name = self.levels.get(i).ok_or(Errno::IO)?.name.as_str();
            let dir = parent.lookup(Name::new(name)?)?;
            if i == top || self.keeps(i) {
                if let Some(level) = self.levels.get_mut(i) {
                    level.dir = Some(dir);
                }
                loose = None;
            } else {
                loose = Some(dir);
            }
        }
        Ok(())
    }
}

impl<'a> Trail<'a> {
    /// The deepest level's handle (`None` inside: let go) if the walk went into any, and the
    /// base.
    pub(super) fn into_last(mut self) -> (Option<Option<Box<dyn Dir>>>, &'a dyn Dir) {
        (self.levels.pop().map(|level| level.dir), self.base)
    }
}
