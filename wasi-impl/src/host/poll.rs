//! [`HostPoller`]: waiting on host fds with `ppoll`.

use super::net;
use crate::backend::{PollRequest, Poller, Result};
use wasi_abi::Errno;

/// Waits on host fds (the [`PollToken`](crate::backend::PollToken)s of host files, streams
/// and sockets are fd numbers) and sleeps with `ppoll`.
#[derive(Debug, Default)]
pub struct HostPoller {
    /// Reused between calls.
    fds: Vec<libc::pollfd>,
}

impl Poller for HostPoller {
    fn wait(&mut self, requests: &mut [PollRequest], timeout: Option<u64>) -> Result<()> {
        self.fds.clear();
        for r in requests.iter() {
            // POLLRDHUP: a TCP peer's close shows as POLLIN | POLLRDHUP, not POLLHUP.
            let events = if r.write {
                libc::POLLOUT
            } else {
                libc::POLLIN | libc::POLLRDHUP
            };
            self.fds.push(libc::pollfd {
                fd: libc::c_int::try_from(r.token.raw()).unwrap_or(-1),
                events,
                revents: 0,
            });
        }
        net::poll(&mut self.fds, timeout)?;
        for (r, p) in requests.iter_mut().zip(&self.fds) {
            if p.revents == 0 {
                continue;
            }
            if p.revents & libc::POLLNVAL != 0 {
                r.ready = Some((0, false, Errno::BADF));
                continue;
            }
            let hangup = p.revents & (libc::POLLHUP | libc::POLLRDHUP) != 0;
            // The fd was polled in this very call and the guest's table still holds it.
            let nbytes = if r.write {
                0
            } else {
                net::bytes_readable_raw(p.fd)
            };
            r.ready = Some((nbytes, hangup, Errno::SUCCESS));
        }
        Ok(())
    }
}
