//! `path_filestat_get` and `path_filestat_set_times`.

use super::resolve::{self, Last};
use crate::backend::{Dir, Name, OpenHow, Opened, Stat};
use crate::{Result, WasiCtx, stat};
use wasi_abi::{Errno, Filestat, Filetype, GuestMemory, Lookupflags, Rights};

/// The fast path of `path_filestat_get`: a path that is one plain name (no `/`, not `.` or
/// `..`) names an entry of `dir` itself, so one `stat_at` cannot leave `dir`. Only a
/// symlink that must be followed needs the resolver: `None` then, and for every other path.
fn single_name_stat(
    dir: &dyn Dir,
    path: &str,
    follow: bool,
) -> core::result::Result<Option<Stat>, Errno> {
    if !resolve::is_plain_name(path) {
        return Ok(None);
    }
    resolve::check(path)?;
    let st = dir.stat_at(Name::new(path)?)?;
    let is_link = st.filetype == Filetype::SymbolicLink;
    Ok(if follow && is_link { None } else { Some(st) })
}

impl WasiCtx {
    /// `path_filestat_get(fd, flags, path) -> filestat`: writes the 64-byte `filestat` of
    /// `path` (see `fd_filestat_get` for the layout) at `filestat_out` (8-aligned). Without
    /// `SYMLINK_FOLLOW` a final symlink describes itself (type `symbolic_link`, size = length
    /// of its target).
    ///
    /// Errors: `EBADF`/`ENOTDIR` for a bad `fd`; `ENOTCAPABLE` without `PATH_FILESTAT_GET` or
    /// for a path that leaves `fd`; `EINVAL` for unknown flags; path errors as for
    /// `path_open`. Traps if the path or the out-pointer is outside memory.
    pub fn path_filestat_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
        path: u32,
        path_len: u32,
        filestat_out: u32,
    ) -> Result {
        let follow = Lookupflags::decode(flags)?.contains(Lookupflags::SYMLINK_FOLLOW);
        let dir = self.fds.get(fd)?.dir(Rights::PATH_FILESTAT_GET)?;
        mem.array_range::<Filestat>(filestat_out, 1)?;
        let st = {
            let path = mem.str(path, path_len)?;
            match single_name_stat(dir, path, follow)? {
                Some(st) => st,
                None => {
                    let how = OpenHow::path_only(false);
                    match resolve::open(self.resolver, dir, path, &how, follow)? {
                        Opened::File(file) => file.stat()?,
                        Opened::Dir(dir) => dir.stat()?,
                    }
                }
            }
        };
        mem.write(filestat_out, stat::filestat(&st))?;
        Ok(())
    }

    /// `path_filestat_set_times(fd, flags, path, atim, mtim, fst_flags) -> errno`: sets the
    /// times of `path` as `fd_filestat_set_times` does. Without `SYMLINK_FOLLOW` a final
    /// symlink's own times are set.
    ///
    /// Errors: as `fd_filestat_set_times` for the flags; `ENOTCAPABLE` without
    /// `PATH_FILESTAT_SET_TIMES` or for a path that leaves `fd`; path errors as for
    /// `path_open`. Traps if the path is outside memory.
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the preview1 function's"
    )]
    pub fn path_filestat_set_times(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
        path: u32,
        path_len: u32,
        atim: u64,
        mtim: u64,
        fst_flags: u32,
    ) -> Result {
        let follow = Lookupflags::decode(flags)?.contains(Lookupflags::SYMLINK_FOLLOW);
        let (atim, mtim) = stat::times(atim, mtim, fst_flags)?;
        let dir = self.fds.get(fd)?.dir(Rights::PATH_FILESTAT_SET_TIMES)?;
        let path = mem.str(path, path_len)?;
        // A trailing slash makes the kernel follow the last component; the walk does it here,
        // where every expansion is checked, instead.
        let parent = if follow || path.ends_with('/') {
            resolve::parent_following(dir, path)?
        } else {
            resolve::parent(self.resolver, dir, path)?
        };
        match &parent.last {
            Last::Name(_) => parent.dir.set_times_at(parent.name()?, atim, mtim)?,
            Last::Dot(_) => parent.dir.set_times(atim, mtim)?,
        }
        Ok(())
    }
}
