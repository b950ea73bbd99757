//! WASIX networking (`wasix_32v1`): the socket calls a guest uses to open, bind, listen,
//! accept, connect, exchange datagrams and look names up, each checked against the host's
//! [`NetPolicy`], which denies everything unless a rule allows it.
//!
//! Sources: wasix-libc's `api_wasix.h` (layouts, enums) and `__wasixlibc_real.c` (the
//! core-wasm signatures); the layouts are in [`wasi_abi::wasix`].
//!
//! A socket the guest opens is wrapped in a core `Governed` socket, so every
//! call that reaches it (these, and the preview1 `fd_read`, `fd_write`, `sock_recv`,
//! `sock_send`, `sock_accept`, `sock_shutdown`, `poll_oneoff`) passes the policy:
//!
//! - `sock_bind` and `sock_listen` need a `bind` rule for the local address;
//! - `sock_connect` and `sock_send_to` a `connect` rule for the destination (the unspecified
//!   address counts as the loopback address it reaches);
//! - a TCP connection is accepted, and a UDP datagram received, only from a peer an `accept`
//!   rule covers; others are closed or dropped before the guest sees a byte;
//! - `resolve` needs a `resolve` rule for the name, and answers only the addresses a
//!   `connect` rule could allow.
//!
//! A denied call fails with `EACCES` and never reaches the network; each decision, with the
//! rule that made it, is in the trace. Sockets the host hands the guest (`--tcplisten`) are
//! the host's choice and stay outside the policy.

mod calls;
mod governed;
pub mod policy;

pub(crate) use calls::{check_addr_out, read_addr, write_addr};
pub(crate) use governed::{Governed, Notes};
pub use policy::{Direction, IpNet, NetPolicy, Protocol, Rule, Verdict};
