//! Decoding a call's raw arguments (before it runs) and the values it wrote through its
//! out-pointers (after it succeeded) into [`Value`]s, by function and parameter name.
//!
//! Reading guest memory here never fails the call: a pointer that does not hold what it
//! should is shown as the bare pointer, and the call itself answers or traps as usual.

use super::value::Value;
use wasi_abi::{
    Advice, Clockid, Dirent, Errno, Event, Eventrwflags, Eventtype, Fdflags, Fdstat, Filestat,
    Filetype, Fstflags, Function, GuestMemory, Lookupflags, Oflags, Preopentype, Prestat, Riflags,
    Rights, Roflags, Sdflags, Siflags, Signal, Subclockflags, Subscription, SubscriptionKind,
    Whence,
};

/// Lists longer than this are cut for display.
const MAX_SHOWN: usize = 16;

/// A flag set by name; bits without a name are kept apart; a value wider than the type is
/// `Invalid`.
macro_rules! flags {
    ($ty:ty, $raw:expr) => {{
        let raw: u64 = $raw;
        match raw.try_into() {
            Ok(bits) => {
                let known = <$ty>::from_bits_truncate(bits);
                let names = known.iter_names().map(|(name, _)| name).collect();
                Value::Flags(names, raw & !u64::from(known.bits()))
            }
            Err(_) => Value::Invalid(raw),
        }
    }};
}

/// An enum value by its short name, as the `short` function in scope at the call makes it
/// (here: `__WASI_CLOCKID_MONOTONIC` is `MONOTONIC`).
macro_rules! name {
    ($ty:ty, $raw:expr) => {{
        let raw: u64 = $raw;
        match u32::try_from(raw).ok().and_then(|r| <$ty>::decode(r).ok()) {
            Some(value) => Value::Name(short(value.c_name())),
            None => Value::Invalid(raw),
        }
    }};
}
pub(crate) use name;

/// `__WASI_CLOCKID_MONOTONIC` -> `MONOTONIC`.
fn short(c_name: &'static str) -> &'static str {
    let rest = c_name.trim_start_matches("__WASI_");
    rest.split_once('_').map_or(rest, |(_, name)| name)
}

/// The parameter called `name`'s raw value.
pub(crate) fn param(function: &Function, raw: &[u64], name: &str) -> Option<u64> {
    let at = function.params.iter().position(|p| p.name == name)?;
    raw.get(at).copied()
}

/// A raw `i32` parameter as the `u32` the guest meant.
pub(crate) fn u32_of(raw: u64) -> u32 {
    u32::try_from(raw).unwrap_or(u32::MAX)
}

/// The bytes at `ptr..ptr+len`, if they are inside memory (borrowed, not copied).
fn bytes<'m>(mem: &'m GuestMemory<'_>, ptr: u64, len: u64) -> Option<&'m [u8]> {
    mem.slice(u32_of(ptr), u32_of(len)).ok()
}

/// The string at `ptr..ptr+len` as a value (at most [`super::MAX_SHOWN_BYTES`] of it
/// copied), or the bare pointer if it is not inside memory.
pub(crate) fn string(mem: &GuestMemory<'_>, ptr: u64, len: u64) -> Value {
    bytes(mem, ptr, len).map_or(Value::Ptr(u32_of(ptr)), Value::str)
}

/// The buffer lengths of an iovec list, or the bare pointer if the list is outside memory.
fn iovec_lengths(mem: &GuestMemory<'_>, ptr: u64, count: u64) -> Value {
    let Ok(ranges) = mem.iovecs(u32_of(ptr), u32_of(count)) else {
        return Value::Ptr(u32_of(ptr));
    };
    let mut items = Vec::new();
    for (i, range) in ranges.enumerate() {
        if i == MAX_SHOWN {
            items.push(Value::More(
                usize::try_from(count).unwrap_or(0).saturating_sub(i),
            ));
            break;
        }
        match range {
            Ok(range) => items.push(Value::Int(range.len() as u64)),
            Err(_) => items.push(Value::Name("out-of-bounds")),
        }
    }
    Value::List(items)
}

/// The subscriptions of a `poll_oneoff` call, decoded.
fn subscriptions(mem: &GuestMemory<'_>, ptr: u64, count: u64) -> Value {
    let Ok(subs) = mem.read_array::<Subscription>(u32_of(ptr), u32_of(count)) else {
        return Value::Ptr(u32_of(ptr));
    };
    let mut items = Vec::new();
    for (i, sub) in subs.enumerate() {
        if i == MAX_SHOWN {
            items.push(Value::More(
                usize::try_from(count).unwrap_or(0).saturating_sub(i),
            ));
            break;
        }
        let mut fields = vec![("userdata", Value::Int(sub.userdata))];
        match sub.kind() {
            Ok(SubscriptionKind::Clock(clock)) => {
                fields.push(("type", Value::Name("CLOCK")));
                fields.push(("id", name!(Clockid, u64::from(clock.id))));
                fields.push(("timeout", Value::Int(clock.timeout)));
                fields.push(("precision", Value::Int(clock.precision)));
                fields.push(("flags", flags!(Subclockflags, u64::from(clock.flags))));
            }
            Ok(SubscriptionKind::FdRead(fd)) => {
                fields.push(("type", Value::Name("FD_READ")));
                fields.push(("fd", Value::Int(u64::from(fd.file_descriptor))));
            }
            Ok(SubscriptionKind::FdWrite(fd)) => {
                fields.push(("type", Value::Name("FD_WRITE")));
                fields.push(("fd", Value::Int(u64::from(fd.file_descriptor))));
            }
            Err(_) => fields.push(("type", Value::Invalid(u64::from(sub.tag)))),
        }
        items.push(Value::Record(fields));
    }
    Value::List(items)
}

/// The arguments of a call to `function` with raw arguments `raw`, read before it runs.
/// Out-pointers are left out (their values are shown after the call); a string or iovec list
/// absorbs its `_len` parameter.
pub(crate) fn arguments(
    function: &Function,
    raw: &[u64],
    mem: &GuestMemory<'_>,
) -> Vec<(&'static str, Value)> {
    let mut shown = Vec::with_capacity(function.params.len());
    for (p, &value) in function.params.iter().zip(raw) {
        let name = p.name;
        if name.ends_with("_out") {
            continue;
        }
        let len_of = |base: &str| param(function, raw, &format!("{base}_len"));
        if function.name != "sock_shutdown" && wasi_abi::wasix::function(function.name).is_some() {
            let generic = matches!(
                name,
                "fd" | "ri_data"
                    | "ri_data_len"
                    | "si_data"
                    | "si_data_len"
                    | "ri_flags"
                    | "si_flags"
                    | "flags"
            );
            if !generic {
                if let Some(decoded) = super::wasix::argument(function, name, value, raw, mem) {
                    shown.push((name, decoded));
                }
                continue;
            }
        }
        let decoded = match (function.name, name) {
            // Inputs that are strings: the length goes with them.
            ("fd_prestat_dir_name", "path") => Value::Ptr(u32_of(value)),
            (_, "path" | "old_path" | "new_path") => match len_of(name) {
                Some(len) => string(mem, value, len),
                None => Value::Ptr(u32_of(value)),
            },
            ("fd_prestat_dir_name", "path_len") => Value::Int(value),
            (_, "path_len" | "old_path_len" | "new_path_len") => continue,
            (_, "iovs" | "ri_data" | "si_data") => match len_of(name) {
                Some(count) => iovec_lengths(mem, value, count),
                None => Value::Ptr(u32_of(value)),
            },
            (_, "iovs_len" | "ri_data_len" | "si_data_len") => continue,
            ("poll_oneoff", "subscriptions") => match param(function, raw, "nsubscriptions") {
                Some(count) => subscriptions(mem, value, count),
                None => Value::Ptr(u32_of(value)),
            },
            (_, "argv" | "argv_buf" | "environ" | "environ_buf" | "buf" | "events") => {
                Value::Ptr(u32_of(value))
            }
            ("fd_seek", "offset") => Value::Signed(value as i64),
            (_, "dirflags" | "old_flags") => flags!(Lookupflags, value),
            ("path_filestat_get" | "path_filestat_set_times", "flags") => {
                flags!(Lookupflags, value)
            }
            (_, "flags" | "fdflags") => flags!(Fdflags, value),
            (_, "oflags") => flags!(Oflags, value),
            (_, "fs_rights_base" | "fs_rights_inheriting") => flags!(Rights, value),
            (_, "fst_flags") => flags!(Fstflags, value),
            (_, "ri_flags") => flags!(Riflags, value),
            (_, "si_flags") => flags!(Siflags, value),
            (_, "how") => flags!(Sdflags, value),
            (_, "whence") => name!(Whence, value),
            (_, "id") => name!(Clockid, value),
            (_, "advice") => name!(Advice, value),
            (_, "sig") => name!(Signal, value),
            _ => Value::Int(value),
        };
        shown.push((name, decoded));
    }
    shown
}

/// The dirents in the first `used` bytes of a `fd_readdir` buffer.
fn dirents(mem: &GuestMemory<'_>, buf: u64, used: u64) -> Value {
    let Some(data) = bytes(mem, buf, used) else {
        return Value::Ptr(u32_of(buf));
    };
    let header = core::mem::size_of::<Dirent>();
    let mut items = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        if items.len() == MAX_SHOWN * 4 {
            items.push(Value::Name("..."));
            break;
        }
        let Some(head) = rest.get(..header) else {
            items.push(Value::Name("(cut)"));
            break;
        };
        let d: Dirent = bytemuck::pod_read_unaligned(head);
        let len = usize::try_from(d.d_namlen).unwrap_or(usize::MAX);
        let name_bytes = rest.get(header..).unwrap_or_default();
        let (name, cut) = match name_bytes.get(..len) {
            Some(name) => (name, false),
            None => (name_bytes, true),
        };
        let mut fields = vec![
            ("next", Value::Int(d.d_next)),
            ("ino", Value::Int(d.d_ino)),
            ("type", name!(Filetype, u64::from(d.d_type))),
            ("name", Value::str(name)),
        ];
        if cut {
            fields.push(("cut", Value::Name("true")));
        }
        items.push(Value::Record(fields));
        rest = rest.get(header.saturating_add(len)..).unwrap_or_default();
    }
    Value::List(items)
}

/// The events a `poll_oneoff` call wrote.
fn events(mem: &GuestMemory<'_>, ptr: u64, count: u64) -> Value {
    let Ok(events) = mem.read_array::<Event>(u32_of(ptr), u32_of(count)) else {
        return Value::Ptr(u32_of(ptr));
    };
    let items = events
        .take(MAX_SHOWN)
        .map(|e| {
            let error = Errno::from_raw(e.error).map_or(Value::Invalid(u64::from(e.error)), |e| {
                Value::Name(e.name())
            });
            let mut fields = vec![
                ("userdata", Value::Int(e.userdata)),
                ("error", error),
                ("type", name!(Eventtype, u64::from(e.r#type))),
            ];
            if e.r#type != Eventtype::Clock.raw() {
                fields.push(("nbytes", Value::Int(e.fd_readwrite.nbytes)));
                fields.push((
                    "flags",
                    flags!(Eventrwflags, u64::from(e.fd_readwrite.flags)),
                ));
            }
            Value::Record(fields)
        })
        .collect();
    Value::List(items)
}

/// The value a successful call wrote through out-pointer `name` at `ptr`.
fn out_value(function: &str, name: &str, ptr: u32, mem: &GuestMemory<'_>) -> Option<Value> {
    if let Some(wasix) = super::wasix::out_value(function, name, ptr, mem) {
        return wasix;
    }
    Some(match name {
        "resolution_out" | "time_out" | "newoffset_out" | "offset_out" => {
            Value::Int(mem.read::<u64>(ptr).ok()?)
        }
        "ro_flags_out" => flags!(Roflags, u64::from(mem.read::<u16>(ptr).ok()?)),
        "fdstat_out" => {
            let s: Fdstat = mem.read(ptr).ok()?;
            Value::Record(vec![
                ("filetype", name!(Filetype, u64::from(s.fs_filetype))),
                ("flags", flags!(Fdflags, u64::from(s.fs_flags))),
                ("rights_base", flags!(Rights, s.fs_rights_base)),
                ("rights_inheriting", flags!(Rights, s.fs_rights_inheriting)),
            ])
        }
        "filestat_out" => {
            let s: Filestat = mem.read(ptr).ok()?;
            Value::Record(vec![
                ("dev", Value::Int(s.dev)),
                ("ino", Value::Int(s.ino)),
                ("filetype", name!(Filetype, u64::from(s.filetype))),
                ("nlink", Value::Int(s.nlink)),
                ("size", Value::Int(s.size)),
                ("atim", Value::Int(s.atim)),
                ("mtim", Value::Int(s.mtim)),
                ("ctim", Value::Int(s.ctim)),
            ])
        }
        "prestat_out" => {
            let s: Prestat = mem.read(ptr).ok()?;
            Value::Record(vec![
                ("tag", name!(Preopentype, u64::from(s.tag))),
                ("name_len", Value::Int(u64::from(s.pr_name_len))),
            ])
        }
        _ if function == "proc_exit" => return None,
        _ => Value::Int(u64::from(mem.read::<u32>(ptr).ok()?)),
    })
}

/// What a successful call to `function` wrote: each out-pointer's value under its name
/// without `_out`, plus the strings, dirents and events some calls fill in (but for
/// `fd_prestat_dir_name`'s name, whose length only the context knows).
pub(crate) fn results(
    function: &Function,
    raw: &[u64],
    mem: &GuestMemory<'_>,
) -> Vec<(&'static str, Value)> {
    let mut shown = Vec::new();
    for (p, &value) in function.params.iter().zip(raw) {
        if let Some(base) = p.name.strip_suffix("_out") {
            if let Some(v) = out_value(function.name, p.name, u32_of(value), mem) {
                shown.push((base, v));
            }
        }
    }
    let get = |name: &str| param(function, raw, name).unwrap_or(0);
    let read_u32 = |name: &str| mem.read::<u32>(u32_of(get(name))).map_or(0, u64::from);
    match function.name {
        "path_readlink" => {
            if let Some(text) = bytes(mem, get("buf"), read_u32("bufused_out")) {
                shown.push(("target", Value::str(text)));
            }
        }
        "fd_readdir" => shown.push(("entries", dirents(mem, get("buf"), read_u32("bufused_out")))),
        "poll_oneoff" => shown.push((
            "events",
            events(mem, get("events"), read_u32("nevents_out")),
        )),
        "resolve" => {
            if let Some(list) = super::wasix::resolved(function, raw, mem) {
                shown.push(("addrs", list));
            }
        }
        _ => {}
    }
    shown
}
