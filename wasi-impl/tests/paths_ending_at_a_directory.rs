//! `path_open` of a path that ends at a directory it walked to (`.`, `sub/..`, `sub/`), on
//! both resolvers: opened as that directory, readable, never for writing (`EISDIR`), never
//! created (`EISDIR`).

mod common;
use common::*;
use wasi_abi::{Oflags, Rights};
use wasi_impl::{Errno, GuestMemory, Resolver, WasiCtx};

/// `path_open(3, path, oflags, rights)`: the fd or the errno.
fn open(
    ctx: &mut WasiCtx,
    mem: &mut [u8],
    path: &str,
    oflags: Oflags,
    rights: Rights,
) -> Result<u32, Errno> {
    mem[1024..][..path.len()].copy_from_slice(path.as_bytes());
    let (len, r, of) = (path.len() as u32, rights.bits(), u32::from(oflags.bits()));
    match errno(ctx.path_open(&mut GuestMemory::new(mem), 3, 0, 1024, len, of, r, r, 0, 0)) {
        Errno::SUCCESS => Ok(u32_at(mem, 0)),
        e => Err(e),
    }
}

fn check(resolver: Resolver) {
    let dir = scratch_dir("dir-ends");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/f"), b"").unwrap();
    let mut ctx = WasiCtx::builder()
        .preopen_dir(&dir, "/")
        .resolver(resolver)
        .build()
        .unwrap();
    let mut mem = memory();
    for path in [".", "sub/..", "sub/", "sub/."] {
        let fd = open(
            &mut ctx,
            &mut mem,
            path,
            Oflags::DIRECTORY,
            Rights::FD_READDIR,
        )
        .unwrap_or_else(|e| panic!("{path}: {e:?}"));
        // Readable: a listing of the right directory.
        let r = ctx.fd_readdir(&mut GuestMemory::new(&mut mem), fd, 4096, 4096, 0, 8);
        assert_eq!(errno(r), Errno::SUCCESS, "{path}");
        let listing = &mem[4096..][..u32_at(&mem, 8) as usize];
        let has = |name: &[u8]| listing.windows(name.len()).any(|w| w == name);
        assert_eq!(
            has(b"sub"),
            !path.starts_with("sub/") || path == "sub/..",
            "{path}"
        );
        // Not for writing, not created.
        assert_eq!(
            open(&mut ctx, &mut mem, path, Oflags::empty(), Rights::FD_WRITE),
            Err(Errno::ISDIR),
            "{path} for writing"
        );
        assert_eq!(
            open(&mut ctx, &mut mem, path, Oflags::CREAT, Rights::FD_READ),
            Err(Errno::ISDIR),
            "{path} created"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn on_openat2() {
    check(Resolver::Openat2);
}

#[test]
fn on_the_walk() {
    check(Resolver::Walk);
}
