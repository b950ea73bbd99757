//! Decoding the arguments and results of the `wasix_32v1` socket calls for the trace:
//! addresses as `127.0.0.1:8000` / `[::1]:53`, enums by name, times, and the host name and
//! address list of `resolve`.

use super::decode::{name, param, string, u32_of};
use super::value::Value;
use wasi_abi::wasix::{
    AddrIp, AddrPort, AddressFamily, OptionTimestamp, SockOption, SockProto, SockStatus, SockType,
};
use wasi_abi::{Function, GuestMemory};

/// `__WASI_SOCK_OPTION_REUSE_ADDR` -> `REUSE_ADDR`.
fn short(c_name: &'static str) -> &'static str {
    let rest = c_name.trim_start_matches("__WASI_");
    for family in [
        "ADDRESS_FAMILY_",
        "SOCK_TYPE_",
        "SOCK_PROTO_",
        "SOCK_STATUS_",
        "SOCK_OPTION_",
    ] {
        if let Some(name) = rest.strip_prefix(family) {
            return name;
        }
    }
    rest
}

/// The address record at `ptr`, as the host shows addresses, or the bare pointer.
fn addr(mem: &GuestMemory<'_>, ptr: u64) -> Value {
    let Ok(record) = mem.read::<AddrPort>(u32_of(ptr)) else {
        return Value::Ptr(u32_of(ptr));
    };
    match record.to_socket_addr() {
        Ok(a) => Value::Text(a.to_string()),
        Err(_) => name!(AddressFamily, u64::from(record.tag)),
    }
}

fn time(mem: &GuestMemory<'_>, ptr: u64) -> Value {
    match mem.read::<OptionTimestamp>(u32_of(ptr)).map(|t| t.get()) {
        Ok(Ok(Some(ns))) => Value::Int(ns),
        Ok(Ok(None)) => Value::Name("none"),
        Ok(Err(_)) => Value::Name("invalid"),
        Err(_) => Value::Ptr(u32_of(ptr)),
    }
}

/// A `wasix_32v1` call's argument `name` with raw value `value`: `None` to leave it out
/// (a length that goes with its string), `Some(value)` otherwise.
pub(crate) fn argument(
    function: &Function,
    name: &'static str,
    value: u64,
    raw: &[u64],
    mem: &GuestMemory<'_>,
) -> Option<Value> {
    Some(match name {
        "af" => name!(AddressFamily, value),
        "socktype" => name!(SockType, value),
        "sock_proto" => name!(SockProto, value),
        "sockopt" => name!(SockOption, value),
        "addr" => addr(mem, value),
        "time" => time(mem, value),
        "host" => match param(function, raw, "host_len") {
            Some(len) => string(mem, value, len),
            None => Value::Ptr(u32_of(value)),
        },
        "host_len" => return None,
        "addrs" => Value::Ptr(u32_of(value)),
        _ => Value::Int(value),
    })
}

/// What a successful `wasix_32v1` call wrote through out-pointer `name` at `ptr`; `None`
/// for the ones the generic decoding shows.
pub(crate) fn out_value(
    function: &str,
    name: &str,
    ptr: u32,
    mem: &GuestMemory<'_>,
) -> Option<Option<Value>> {
    let ptr64 = u64::from(ptr);
    Some(Some(match (function, name) {
        (_, "addr_out") => addr(mem, ptr64),
        (_, "status_out") => name!(SockStatus, u64::from(mem.read::<u8>(ptr).ok()?)),
        (_, "flag_out") => Value::Int(u64::from(mem.read::<u8>(ptr).ok()?)),
        (_, "size_out") => Value::Int(mem.read::<u64>(ptr).ok()?),
        ("sock_get_opt_time", "time_out") => time(mem, ptr64),
        _ => return None,
    }))
}

/// The addresses `resolve` stored, after it succeeded.
pub(crate) fn resolved(function: &Function, raw: &[u64], mem: &GuestMemory<'_>) -> Option<Value> {
    let addrs = u32_of(param(function, raw, "addrs")?);
    let count: u32 = mem.read(u32_of(param(function, raw, "naddrs_out")?)).ok()?;
    let records = mem.read_array::<AddrIp>(addrs, count).ok()?;
    let items = records
        .take(16)
        .map(|r| {
            let ip: Option<core::net::IpAddr> = match r.tag {
                1 => {
                    let [a, b, c, d, ..] = r.octets;
                    Some(core::net::Ipv4Addr::new(a, b, c, d).into())
                }
                2 => Some(core::net::Ipv6Addr::from(r.octets).into()),
                _ => None,
            };
            ip.map_or(Value::Invalid(u64::from(r.tag)), |ip| {
                Value::Text(ip.to_string())
            })
        })
        .collect();
    Some(Value::List(items))
}
