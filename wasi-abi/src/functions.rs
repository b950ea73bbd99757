//! The table of all 46 preview1 functions, in spec order.
//!
//! [`for_each_function!`](crate::for_each_function) is the single source: it hands the list to
//! a macro of the caller's, so an engine adapter can generate one typed host function per entry
//! (no dynamic dispatch, no `Val` arrays), and [`FUNCTIONS`] is generated from it for
//! documentation, tests and tools. Parameter names are the witx's; `*_out` marks an
//! out-pointer the host writes a result through. Every function returns an `errno` as `i32`
//! except `proc_exit`, which does not return.

use core::fmt;

/// A core-wasm argument of [`for_each_function!`](crate::for_each_function)'s type `i32` or `i64` as the raw `u64` the
/// tracer decodes (`i32` zero-extended), for engine adapters: `raw_arg!(fd: i32)`.
#[macro_export]
macro_rules! raw_arg {
    ($p:ident: i32) => {
        u64::from($p as u32)
    };
    ($p:ident: i64) => {
        $p as u64
    };
}

/// Invokes `$callback! { ... }` with every preview1 function, in spec order.
///
/// Each entry has the form `name(Family) [param: i32|i64, ...] -> errno|never;`, where the
/// types are the core-wasm types of the import's parameters.
#[macro_export]
macro_rules! for_each_function {
    ($callback:ident) => {
        $callback! {
            args_get(Args) [argv: i32, argv_buf: i32] -> errno;
            args_sizes_get(Args) [argc_out: i32, argv_buf_size_out: i32] -> errno;
            environ_get(Args) [environ: i32, environ_buf: i32] -> errno;
            environ_sizes_get(Args) [environc_out: i32, environ_buf_size_out: i32] -> errno;
            clock_res_get(Clock) [id: i32, resolution_out: i32] -> errno;
            clock_time_get(Clock) [id: i32, precision: i64, time_out: i32] -> errno;
            fd_advise(Fd) [fd: i32, offset: i64, len: i64, advice: i32] -> errno;
            fd_allocate(Fd) [fd: i32, offset: i64, len: i64] -> errno;
            fd_close(Fd) [fd: i32] -> errno;
            fd_datasync(Fd) [fd: i32] -> errno;
            fd_fdstat_get(Fd) [fd: i32, fdstat_out: i32] -> errno;
            fd_fdstat_set_flags(Fd) [fd: i32, flags: i32] -> errno;
            fd_fdstat_set_rights(Fd) [fd: i32, fs_rights_base: i64, fs_rights_inheriting: i64] -> errno;
            fd_filestat_get(Fd) [fd: i32, filestat_out: i32] -> errno;
            fd_filestat_set_size(Fd) [fd: i32, size: i64] -> errno;
            fd_filestat_set_times(Fd) [fd: i32, atim: i64, mtim: i64, fst_flags: i32] -> errno;
            fd_pread(Fd) [fd: i32, iovs: i32, iovs_len: i32, offset: i64, nread_out: i32] -> errno;
            fd_prestat_get(Fd) [fd: i32, prestat_out: i32] -> errno;
            fd_prestat_dir_name(Fd) [fd: i32, path: i32, path_len: i32] -> errno;
            fd_pwrite(Fd) [fd: i32, iovs: i32, iovs_len: i32, offset: i64, nwritten_out: i32] -> errno;
            fd_read(Fd) [fd: i32, iovs: i32, iovs_len: i32, nread_out: i32] -> errno;
            fd_readdir(Fd) [fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused_out: i32] -> errno;
            fd_renumber(Fd) [fd: i32, to: i32] -> errno;
            fd_seek(Fd) [fd: i32, offset: i64, whence: i32, newoffset_out: i32] -> errno;
            fd_sync(Fd) [fd: i32] -> errno;
            fd_tell(Fd) [fd: i32, offset_out: i32] -> errno;
            fd_write(Fd) [fd: i32, iovs: i32, iovs_len: i32, nwritten_out: i32] -> errno;
            path_create_directory(Path) [fd: i32, path: i32, path_len: i32] -> errno;
            path_filestat_get(Path) [fd: i32, flags: i32, path: i32, path_len: i32, filestat_out: i32] -> errno;
            path_filestat_set_times(Path) [fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64, fst_flags: i32] -> errno;
            path_link(Path) [old_fd: i32, old_flags: i32, old_path: i32, old_path_len: i32, new_fd: i32, new_path: i32, new_path_len: i32] -> errno;
            path_open(Path) [fd: i32, dirflags: i32, path: i32, path_len: i32, oflags: i32, fs_rights_base: i64, fs_rights_inheriting: i64, fdflags: i32, fd_out: i32] -> errno;
            path_readlink(Path) [fd: i32, path: i32, path_len: i32, buf: i32, buf_len: i32, bufused_out: i32] -> errno;
            path_remove_directory(Path) [fd: i32, path: i32, path_len: i32] -> errno;
            path_rename(Path) [fd: i32, old_path: i32, old_path_len: i32, new_fd: i32, new_path: i32, new_path_len: i32] -> errno;
            path_symlink(Path) [old_path: i32, old_path_len: i32, fd: i32, new_path: i32, new_path_len: i32] -> errno;
            path_unlink_file(Path) [fd: i32, path: i32, path_len: i32] -> errno;
            poll_oneoff(Poll) [subscriptions: i32, events: i32, nsubscriptions: i32, nevents_out: i32] -> errno;
            proc_exit(Proc) [rval: i32] -> never;
            proc_raise(Proc) [sig: i32] -> errno;
            sched_yield(Proc) [] -> errno;
            random_get(Random) [buf: i32, buf_len: i32] -> errno;
            sock_accept(Sock) [fd: i32, flags: i32, fd_out: i32] -> errno;
            sock_recv(Sock) [fd: i32, ri_data: i32, ri_data_len: i32, ri_flags: i32, ro_datalen_out: i32, ro_flags_out: i32] -> errno;
            sock_send(Sock) [fd: i32, si_data: i32, si_data_len: i32, si_flags: i32, so_datalen_out: i32] -> errno;
            sock_shutdown(Sock) [fd: i32, how: i32] -> errno;
        }
    };
}

/// A core-wasm value type of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValType {
    /// A 32-bit integer (pointers, lengths, fds, flags, enums).
    I32,
    /// A 64-bit integer (sizes, offsets, timestamps, rights, cookies).
    I64,
}

impl ValType {
    /// `"i32"` or `"i64"`.
    pub const fn name(self) -> &'static str {
        match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
        }
    }
}

/// The family a function belongs to (the spec groups functions by name prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `args_*` and `environ_*`.
    Args,
    /// `clock_*`.
    Clock,
    /// `fd_*`.
    Fd,
    /// `path_*`.
    Path,
    /// `poll_oneoff`.
    Poll,
    /// `proc_*` and `sched_yield`.
    Proc,
    /// `random_get`.
    Random,
    /// `sock_*`.
    Sock,
}

/// One parameter of a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The witx name (`_out` appended for out-pointers).
    pub name: &'static str,
    /// The core-wasm type.
    pub ty: ValType,
}

/// One preview1 function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    /// The import name, e.g. `"fd_write"`.
    pub name: &'static str,
    /// The family it belongs to.
    pub family: Family,
    /// Its core-wasm parameters, in order.
    pub params: &'static [Param],
    /// `true` if it returns an `errno` as `i32`; `false` for `proc_exit`, which never returns.
    pub returns_errno: bool,
}

/// The names of the parameters that are addresses in linear memory, besides the `*_out`
/// out-pointers: buffers, iovec arrays, paths, and `poll_oneoff`'s subscriptions and events.
const POINTER_PARAMS: [&str; 17] = [
    "argv",
    "argv_buf",
    "environ",
    "environ_buf",
    "iovs",
    "buf",
    "path",
    "old_path",
    "new_path",
    "ri_data",
    "si_data",
    "subscriptions",
    "events",
    // WASIX: socket addresses, the host name and address array of `resolve`, a time.
    "addr",
    "host",
    "addrs",
    "time",
];

impl Param {
    /// Whether the argument is an address in the guest's linear memory (an out-pointer, a
    /// buffer, an iovec array, a path, the subscriptions and events of `poll_oneoff`).
    pub fn is_pointer(&self) -> bool {
        self.name.ends_with("_out") || POINTER_PARAMS.contains(&self.name)
    }
}

impl Function {
    /// Whether a call reads or writes the guest's memory: some parameter is a pointer. A
    /// module that imports such a function must export its memory as `memory`.
    pub fn uses_memory(&self) -> bool {
        self.params.iter().any(Param::is_pointer)
    }

    /// The function's core-wasm type in the text format, e.g.
    /// `(func (param i32 i32 i32 i32) (result i32))` for `fd_write`.
    pub fn wasm_type(&self) -> WasmType<'_> {
        WasmType(self)
    }
}

/// A [`Function`]'s type in the wasm text format; see [`Function::wasm_type`].
#[derive(Clone, Copy, Debug)]
pub struct WasmType<'a>(&'a Function);

impl fmt::Display for WasmType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if !self.0.params.is_empty() {
            f.write_str(" (param")?;
            for p in self.0.params {
                write!(f, " {}", p.ty.name())?;
            }
            f.write_str(")")?;
        }
        if self.0.returns_errno {
            f.write_str(" (result i32)")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for Function {
    /// The core-wasm signature, e.g. `fd_close(i32) -> i32`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for (i, p) in self.params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(p.ty.name())?;
        }
        f.write_str(if self.returns_errno { ") -> i32" } else { ")" })
    }
}

macro_rules! valtype {
    (i32) => {
        ValType::I32
    };
    (i64) => {
        ValType::I64
    };
}

macro_rules! returns_errno {
    (errno) => {
        true
    };
    (never) => {
        false
    };
}

/// The array of [`Function`]s for a table's entries, for `for_each_function!`-style macros.
macro_rules! function_array {
    ($( $name:ident ($family:ident) [$($p:ident : $t:ident),*] -> $ret:ident; )*) => {
        [$(
            Function {
                name: stringify!($name),
                family: Family::$family,
                params: &[$(Param { name: stringify!($p), ty: valtype!($t) }),*],
                returns_errno: returns_errno!($ret),
            }
        ),*]
    };
}
pub(crate) use {function_array, returns_errno, valtype};

/// All 46 functions in spec order.
pub static FUNCTIONS: [Function; 46] = crate::for_each_function!(function_array);

/// Looks a function up by its import name.
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_these_functions_take_no_pointer() {
        let free: Vec<&str> = FUNCTIONS
            .iter()
            .filter(|f| !f.uses_memory())
            .map(|f| f.name)
            .collect();
        assert_eq!(
            free,
            [
                "fd_advise",
                "fd_allocate",
                "fd_close",
                "fd_datasync",
                "fd_fdstat_set_flags",
                "fd_fdstat_set_rights",
                "fd_filestat_set_size",
                "fd_filestat_set_times",
                "fd_renumber",
                "fd_sync",
                "proc_exit",
                "proc_raise",
                "sched_yield",
                "sock_shutdown",
            ]
        );
        // Every i32 parameter that is not a pointer is a number the host reads by value.
        let by_value: std::collections::BTreeSet<&str> = FUNCTIONS
            .iter()
            .flat_map(|f| f.params)
            .filter(|p| !p.is_pointer() && p.ty == ValType::I32)
            .map(|p| p.name)
            .collect();
        let want = [
            "advice",
            "argv_buf_len",
            "buf_len",
            "dirflags",
            "fd",
            "fdflags",
            "flags",
            "fs_flags",
            "fst_flags",
            "how",
            "id",
            "iovs_len",
            "new_fd",
            "new_path_len",
            "nsubscriptions",
            "oflags",
            "old_fd",
            "old_flags",
            "old_path_len",
            "path_len",
            "ri_data_len",
            "ri_flags",
            "rval",
            "si_data_len",
            "si_flags",
            "sig",
            "to",
            "whence",
        ];
        let missing: Vec<_> = by_value.iter().filter(|n| !want.contains(n)).collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn wasm_types_in_text_syntax() {
        let ty = |name| function(name).map(|f| f.wasm_type().to_string());
        assert_eq!(
            ty("fd_write").as_deref(),
            Some("(func (param i32 i32 i32 i32) (result i32))")
        );
        assert_eq!(ty("proc_exit").as_deref(), Some("(func (param i32))"));
        assert_eq!(ty("sched_yield").as_deref(), Some("(func (result i32))"));
        assert_eq!(
            ty("fd_seek").as_deref(),
            Some("(func (param i32 i64 i32 i32) (result i32))")
        );
    }
}
