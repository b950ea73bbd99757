//! `path_create_directory`, `path_remove_directory`, `path_unlink_file`, `path_rename`,
//! `path_link`, `path_symlink`, `path_readlink`.
//!
//! Each resolves the parent directory beneath the fd it was given and acts on the last
//! component, which it does not follow. A path ending in `.` or `..` names a directory that
//! exists, which these calls may not create, remove, rename or link. A trailing `/` on the
//! last component keeps the meaning the Linux `*at` calls give it (the backend only ever
//! sees the bare name): the name must be a directory, or, where a name is created, it must
//! not be missing.

use super::resolve::{self, DotKind, Last, Parent};
use crate::backend::{Dir, Name, OpenHow};
use crate::{Result, WasiCtx};
use wasi_abi::{Errno, Filetype, GuestMemory, Lookupflags, Rights};

/// What `name` is in `dir` (not following a symlink), or the errno of looking.
fn kind(dir: &dyn Dir, name: Name<'_>) -> core::result::Result<Filetype, Errno> {
    dir.stat_at(name).map(|st| st.filetype)
}

/// For `name/` as the name an operation creates (a symlink's or a link's new name): it
/// names a directory that would have to exist, so `EEXIST` if something is there and
/// `ENOENT` if not.
fn created_with_slash(parent: &Parent<'_>) -> core::result::Result<(), Errno> {
    if !parent.trailing_slash {
        return Ok(());
    }
    Err(match kind(&*parent.dir, parent.name()?) {
        Ok(_) => Errno::EXIST,
        Err(e) => e,
    })
}

impl WasiCtx {
    /// `path_create_directory(fd, path) -> errno`: creates the directory `path` (mode 0777
    /// less the host's umask).
    ///
    /// Errors: `ENOTCAPABLE` without `PATH_CREATE_DIRECTORY` or for a path that leaves `fd`;
    /// `EEXIST` if it exists; `ENOENT` if its parent does not; path errors as for `path_open`.
    pub fn path_create_directory(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> Result {
        let dir = self.fds.get(fd)?.dir(Rights::PATH_CREATE_DIRECTORY)?;
        let parent = resolve::parent(self.resolver, dir, mem.str(path, path_len)?)?;
        match parent.last {
            Last::Dot(_) => Err(Errno::EXIST.into()),
            Last::Name(_) => Ok(parent.dir.mkdir_at(parent.name()?)?),
        }
    }

    /// `path_remove_directory(fd, path) -> errno`: removes the empty directory `path`.
    ///
    /// Errors: `ENOTCAPABLE` without `PATH_REMOVE_DIRECTORY` or for a path that leaves `fd`;
    /// `ENOTEMPTY` if it has entries; `ENOTDIR` if it is not a directory (a symlink to one
    /// included); `EINVAL` for a path ending in `.`.
    pub fn path_remove_directory(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> Result {
        let dir = self.fds.get(fd)?.dir(Rights::PATH_REMOVE_DIRECTORY)?;
        let parent = resolve::parent(self.resolver, dir, mem.str(path, path_len)?)?;
        match parent.last {
            Last::Dot(DotKind::Dot) => Err(Errno::INVAL.into()),
            Last::Dot(DotKind::DotDot) => Err(Errno::NOTEMPTY.into()),
            Last::Name(_) => Ok(parent.dir.rmdir_at(parent.name()?)?),
        }
    }

    /// `path_unlink_file(fd, path) -> errno`: removes the name `path` (a file, or a symlink
    /// itself, never its target).
    ///
    /// Errors: `ENOTCAPABLE` without `PATH_UNLINK_FILE` or for a path that leaves `fd`;
    /// `EISDIR` for a directory; `ENOTDIR` for `name/` when `name` is not a directory.
    pub fn path_unlink_file(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> Result {
        let dir = self.fds.get(fd)?.dir(Rights::PATH_UNLINK_FILE)?;
        let parent = resolve::parent(self.resolver, dir, mem.str(path, path_len)?)?;
        match parent.last {
            Last::Dot(_) => Err(Errno::ISDIR.into()),
            Last::Name(_) if parent.trailing_slash => {
                // `name/`: a directory is EISDIR, anything else is not a directory.
                Err(match kind(&*parent.dir, parent.name()?)? {
                    Filetype::Directory => Errno::ISDIR,
                    _ => Errno::NOTDIR,
                }
                .into())
            }
            Last::Name(_) => Ok(parent.dir.unlink_at(parent.name()?)?),
        }
    }

    /// `path_rename(fd, old_path, new_fd, new_path) -> errno`: renames `old_path` (relative
    /// to `fd`) to `new_path` (relative to `new_fd`), replacing a file or an empty directory
    /// there, as `renameat(2)` does. Both names stay beneath their fds.
    ///
    /// Errors: `ENOTCAPABLE` without `PATH_RENAME_SOURCE` on `fd` or `PATH_RENAME_TARGET` on
    /// `new_fd`, or for a path that leaves its fd; `EBUSY` for a path ending in `.` or `..`;
    /// host errors as mapped (`ENOENT`, `ENOTEMPTY`, `EISDIR`, `ENOTDIR`, `EXDEV`, ...).
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the preview1 function's"
    )]
    pub fn path_rename(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        old_path: u32,
        old_path_len: u32,
        new_fd: u32,
        new_path: u32,
        new_path_len: u32,
    ) -> Result {
        let old_dir = self.fds.get(fd)?.dir(Rights::PATH_RENAME_SOURCE)?;
        let new_dir = self.fds.get(new_fd)?.dir(Rights::PATH_RENAME_TARGET)?;
        let old = resolve::parent(self.resolver, old_dir, mem.str(old_path, old_path_len)?)?;
        let new = resolve::parent(self.resolver, new_dir, mem.str(new_path, new_path_len)?)?;
        if matches!(old.last, Last::Dot(_)) || matches!(new.last, Last::Dot(_)) {
            return Err(Errno::BUSY.into());
        }
        let dirs = old.trailing_slash || new.trailing_slash;
        old.dir
            .rename_at(old.name()?, &*new.dir, new.name()?, dirs)?;
        Ok(())
    }

    /// `path_link(old_fd, old_flags, old_path, new_fd, new_path) -> errno`: makes `new_path`
    /// (relative to `new_fd`) a hard link to `old_path` (relative to `old_fd`). Without
    /// `SYMLINK_FOLLOW` in `old_flags` a symlink is linked itself; with it, its target.
    ///
    /// Errors: `ENOTCAPABLE` without `PATH_LINK_SOURCE` on `old_fd` or `PATH_LINK_TARGET` on
    /// `new_fd`, or for a path that leaves its fd; `EEXIST` if `new_path` exists (even as a
    /// dangling symlink); `EPERM` if `old_path` is a directory; `ENOENT` if it does not exist.
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the preview1 function's"
    )]
    pub fn path_link(
        &mut self,
        mem: &mut GuestMemory<'_>,
        old_fd: u32,
        old_flags: u32,
        old_path: u32,
        old_path_len: u32,
        new_fd: u32,
        new_path: u32,
        new_path_len: u32,
    ) -> Result {
        let follow = Lookupflags::decode(old_flags)?.contains(Lookupflags::SYMLINK_FOLLOW);
        let old_dir = self.fds.get(old_fd)?.dir(Rights::PATH_LINK_SOURCE)?;
        let new_dir = self.fds.get(new_fd)?.dir(Rights::PATH_LINK_TARGET)?;
        let old_str = mem.str(old_path, old_path_len)?;
        // A trailing slash follows the last component too; the walk does it, checked.
        let old = if follow || old_str.ends_with('/') {
            resolve::parent_following(old_dir, old_str)?
        } else {
            resolve::parent(self.resolver, old_dir, old_str)?
        };
        let new = resolve::parent(self.resolver, new_dir, mem.str(new_path, new_path_len)?)?;
        if !matches!(old.last, Last::Name(_)) {
            return Err(Errno::PERM.into());
        }
        if matches!(new.last, Last::Dot(_)) {
            return Err(Errno::EXIST.into());
        }
        created_with_slash(&new)?;
        old.dir.link_at(old.name()?, &*new.dir, new.name()?)?;
        Ok(())
    }

    /// `path_symlink(old_path, fd, new_path) -> errno`: creates the symlink `new_path`
    /// (relative to `fd`) whose target is the string `old_path`. The target is not resolved:
    /// it may dangle. An absolute target is refused, since no sandboxed lookup could ever
    /// follow it.
    ///
    /// Errors: `ENOTCAPABLE` without `PATH_SYMLINK`, for an absolute target, or for a
    /// `new_path` that leaves `fd`; `EEXIST` if `new_path` exists; `ENOENT` for an empty
    /// target or `new_path` ending in `/` that does not exist.
    pub fn path_symlink(
        &mut self,
        mem: &mut GuestMemory<'_>,
        old_path: u32,
        old_path_len: u32,
        fd: u32,
        new_path: u32,
        new_path_len: u32,
    ) -> Result {
        let dir = self.fds.get(fd)?.dir(Rights::PATH_SYMLINK)?;
        let target = mem.str(old_path, old_path_len)?;
        if target.starts_with('/') {
            return Err(Errno::NOTCAPABLE.into());
        }
        resolve::check(target)?;
        let parent = resolve::parent(self.resolver, dir, mem.str(new_path, new_path_len)?)?;
        match parent.last {
            Last::Dot(_) => Err(Errno::EXIST.into()),
            Last::Name(_) => {
                if target.is_empty() {
                    return Err(Errno::NOENT.into());
                }
                created_with_slash(&parent)?;
                Ok(parent.dir.symlink_at(target, parent.name()?)?)
            }
        }
    }

    /// `path_readlink(fd, path, buf, buf_len) -> size`: copies the target of the symlink
    /// `path` into `buf` and stores its length as a `u32` at `bufused_out`. A target longer
    /// than `buf_len` is cut to `buf_len` bytes without error; no NUL is written.
    ///
    /// Errors: `ENOTCAPABLE` without `PATH_READLINK` or for a path that leaves `fd`; `EINVAL`
    /// if `path` is not a symlink; `ENOENT` if it does not exist. Traps if the path, the
    /// buffer or the out-pointer is outside memory.
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the preview1 function's"
    )]
    pub fn path_readlink(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        path_len: u32,
        buf: u32,
        buf_len: u32,
        bufused_out: u32,
    ) -> Result {
        let dir = self.fds.get(fd)?.dir(Rights::PATH_READLINK)?;
        mem.range(buf, buf_len)?;
        mem.array_range::<u32>(bufused_out, 1)?;
        let parent = resolve::parent(self.resolver, dir, mem.str(path, path_len)?)?;
        if !matches!(parent.last, Last::Name(_)) {
            return Err(Errno::INVAL.into());
        }
        if parent.trailing_slash {
            // `name/` follows `name` and must be a directory, never a symlink: resolve it with
            // the sandbox rules; success means a directory (`EINVAL`), failure says why.
            let path = mem.str(path, path_len)?;
            resolve::open(self.resolver, dir, path, &OpenHow::path_only(true), true)?;
            return Err(Errno::INVAL.into());
        }
        let n = parent
            .dir
            .readlink_at(parent.name()?, mem.slice_mut(buf, buf_len)?)?;
        mem.write(bufused_out, u32::try_from(n).unwrap_or(buf_len))?;
        Ok(())
    }
}
