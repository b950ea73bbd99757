//! `poll_oneoff`: wait for clocks and fds.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).
//!
//! Every clock subscription becomes a deadline on the monotonic clock when the call starts
//! (an absolute realtime deadline is converted once; CPU-time clocks are waited for in wall
//! time, since a sleeping guest uses no CPU). Fds that are always ready (regular files,
//! in-memory stdio, every in-memory file) and fds that cannot be polled (closed, no right)
//! produce their events at once; the rest (host streams, FIFOs, sockets) go to the context's
//! [`Poller`](crate::backend::Poller) (the host's: `ppoll`), whose timeout is the nearest
//! deadline. The call returns as soon as at least one event is ready, reporting every
//! subscription that is ready by then.

use crate::backend::{PollRequest, Readiness};
use crate::fdtable::Descriptor;
use crate::{Error, Result, Trap, WasiCtx};
use wasi_abi::{
    Clockid, Errno, Event, EventFdReadwrite, Eventrwflags, Eventtype, GuestMemory, Rights,
    Subclockflags, Subscription, SubscriptionKind,
};

/// Most subscriptions one `poll_oneoff` call may pass.
pub const MAX_SUBSCRIPTIONS: u32 = 65_536;

/// The buffers one `poll_oneoff` call fills, kept by the context between calls so that a
/// call allocates nothing once they have grown to its size (past [`KEPT_SUBSCRIPTIONS`]
/// entries they are let go, so that one large call does not keep its memory).
#[derive(Debug, Default)]
pub(crate) struct PollScratch {
    requests: Vec<PollRequest>,
    waits: Vec<(u64, Eventtype, Wait)>,
    ready: Vec<Event>,
}

/// Entries the reused poll buffers may keep between calls.
const KEPT_SUBSCRIPTIONS: usize = 64;

impl PollScratch {
    /// Empties the buffers for the next call, letting go of large ones.
    fn clear(&mut self) {
        if self.waits.capacity() > KEPT_SUBSCRIPTIONS {
            *self = PollScratch::default();
        } else {
            self.requests.clear();
            self.waits.clear();
            self.ready.clear();
        }
    }
}

/// What one subscription waits for.
#[derive(Debug)]
enum Wait {
    /// Ready now with this event.
    Ready(Event),
    /// A deadline on the monotonic clock.
    Deadline(u64),
    /// A descriptor for the poller (index into the request list).
    Poll(usize),
}

fn event(userdata: u64, kind: Eventtype, error: Errno, nbytes: u64, hangup: bool) -> Event {
    let flags = if hangup {
        Eventrwflags::FD_READWRITE_HANGUP.bits()
    } else {
        0
    };
    Event {
        userdata,
        error: error.raw(),
        r#type: kind.raw(),
        fd_readwrite: EventFdReadwrite {
            nbytes,
            flags,
            ..EventFdReadwrite::default()
        },
        ..Event::default()
    }
}

impl WasiCtx {
    /// `poll_oneoff(in, out, nsubscriptions) -> size`: waits until at least one of the
    /// `nsubscriptions` 48-byte subscriptions at `subscriptions` is ready, writes one 32-byte
    /// event per ready subscription at `events` (in subscription order), and stores their
    /// count as a `u32` at `nevents_out`.
    ///
    /// ```text
    /// subscription: 0 userdata 8 tag 9 pad 16 clock{id u32, pad, timeout u64 @24,
    ///               precision u64 @32, flags u16 @40} | fd{file_descriptor u32 @16}   48
    /// event:        0 userdata 8 error u16 10 type u8 16 nbytes u64 24 flags u16      32
    /// ```
    ///
    /// Clock events fire when the timeout (relative, or absolute with `ABSTIME`) has passed.
    /// `fd_read` events report the bytes ready (`FIONREAD`, or the bytes left in a regular
    /// file) and `FD_READWRITE_HANGUP` at end of stream; regular files and in-memory stdio
    /// are always ready; FIFOs, devices, inherited stdio and sockets are polled. A subscription that cannot be waited on (a closed fd, an fd without
    /// `POLL_FD_READWRITE`, an unknown clock) yields an event with that errno.
    ///
    /// Errors: `EINVAL` if `nsubscriptions` is 0 or above [`MAX_SUBSCRIPTIONS`], or a
    /// subscription has an unknown tag or clock flag. A polled fd with an error condition
    /// (`POLLERR`) is reported ready with error 0: the read or write that follows reports the
    /// precise errno. Traps if either array or the out-pointer is outside memory or misaligned.
    pub fn poll_oneoff(
        &mut self,
        mem: &mut GuestMemory<'_>,
        subscriptions: u32,
        events: u32,
        nsubscriptions: u32,
        nevents_out: u32,
    ) -> Result {
        if nsubscriptions == 0 {
            return Err(Errno::INVAL.into());
        }
        mem.array_range::<Event>(events, nsubscriptions)?;
        mem.array_range::<u32>(nevents_out, 1)?;
        mem.array_range::<Subscription>(subscriptions, nsubscriptions)?;
        // The host keeps ~150 bytes per subscription; a cap keeps a hostile count from
        // costing gigabytes (Linux's poll(2) likewise refuses more fds than it can hold).
        if nsubscriptions > MAX_SUBSCRIPTIONS {
            return Err(Errno::INVAL.into());
        }
        let mut scratch = std::mem::take(&mut self.poll_scratch);
        let result = self.poll_with(
            &mut scratch,
            mem,
            subscriptions,
            events,
            nsubscriptions,
            nevents_out,
        );
        scratch.clear();
        self.poll_scratch = scratch;
        result
    }

    /// [`poll_oneoff`](Self::poll_oneoff) once its arguments are checked, with the
    /// context's reused buffers.
    fn poll_with(
        &mut self,
        scratch: &mut PollScratch,
        mem: &mut GuestMemory<'_>,
        subscriptions: u32,
        events: u32,
        nsubscriptions: u32,
        nevents_out: u32,
    ) -> Result {
        let PollScratch {
            requests,
            waits,
            ready,
        } = scratch;
        // The monotonic clock is read when a clock subscription needs it, not otherwise:
        // polling fds alone reads no clock.
        let mut start: Option<u64> = None;
        for sub in mem.read_array::<Subscription>(subscriptions, nsubscriptions)? {
            let kind = sub.kind()?;
            let (kind_type, wait) = match kind {
                SubscriptionKind::Clock(clock) => {
                    let now = match start {
                        Some(now) => now,
                        None => *start.insert(self.clock.now(Clockid::Monotonic)?),
                    };
                    (Eventtype::Clock, self.clock_wait(sub.userdata, clock, now))
                }
                SubscriptionKind::FdRead(fd) => (
                    Eventtype::FdRead,
                    self.fd_wait(
                        sub.userdata,
                        fd.file_descriptor,
                        Eventtype::FdRead,
                        requests,
                    ),
                ),
                SubscriptionKind::FdWrite(fd) => (
                    Eventtype::FdWrite,
                    self.fd_wait(
                        sub.userdata,
                        fd.file_descriptor,
                        Eventtype::FdWrite,
                        requests,
                    ),
                ),
            };
            waits.push((sub.userdata, kind_type, wait));
        }
        let deadlines = start.is_some();
        loop {
            let immediate = waits.iter().any(|(_, _, w)| matches!(w, Wait::Ready(_)));
            let timeout = if immediate {
                Some(0)
            } else if deadlines {
                let now = self.clock.now(Clockid::Monotonic)?;
                waits
                    .iter()
                    .filter_map(|(_, _, w)| match w {
                        Wait::Deadline(d) => Some(d.saturating_sub(now)),
                        Wait::Ready(_) | Wait::Poll(_) => None,
                    })
                    .min()
            } else {
                None
            };
            self.wait(requests, timeout)?;
            let now = if deadlines {
                self.clock.now(Clockid::Monotonic)?
            } else {
                0
            };
            for (userdata, kind, wait) in waits.iter() {
                match wait {
                    Wait::Ready(ev) => ready.push(*ev),
                    Wait::Deadline(d) if *d <= now => {
                        ready.push(event(*userdata, Eventtype::Clock, Errno::SUCCESS, 0, false));
                    }
                    Wait::Deadline(_) => {}
                    Wait::Poll(i) => {
                        if let Some((nbytes, hangup, error)) =
                            requests.get(*i).and_then(|r| r.ready)
                        {
                            ready.push(event(*userdata, *kind, error, nbytes, hangup));
                        }
                    }
                }
            }
            if !ready.is_empty() {
                break;
            }
        }
        for (i, ev) in ready.iter().enumerate() {
            let at = u32::try_from(i)
                .ok()
                .and_then(|i| i.checked_mul(32))
                .and_then(|o| events.checked_add(o));
            mem.write(at.ok_or(wasi_abi::MemoryError::OutOfBounds)?, *ev)?;
        }
        mem.write(
            nevents_out,
            u32::try_from(ready.len()).unwrap_or(nsubscriptions),
        )?;
        Ok(())
    }

    /// Waits up to `timeout` ns (`None`: without limit) for one of `requests`. On a virtual
    /// clock a wait with nothing ready is a jump of the clock, never a real wait; on a real
    /// one the wait stops at the context's deadline, and once that has passed the guest is
    /// stopped ([`Trap::TimeLimit`]).
    fn wait(&mut self, requests: &mut [PollRequest], timeout: Option<u64>) -> Result {
        let waits = timeout.is_none_or(|t| t > 0);
        if let Some(ns) = timeout.filter(|&t| t > 0)
            && self.clock.is_virtual()
        {
            if !requests.is_empty() {
                self.poller.wait(requests, Some(0))?;
            }
            if requests.iter().all(|r| r.ready.is_none()) {
                self.clock.advance(ns);
            }
            return Ok(());
        }
        if requests.is_empty() && timeout.is_none_or(|t| t == 0) {
            return Ok(());
        }
        let timeout = match self.deadline {
            Some(deadline) if waits => {
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                if left.is_zero() {
                    return Err(Error::Trap(Trap::TimeLimit));
                }
                let left = u64::try_from(left.as_nanos()).unwrap_or(u64::MAX);
                Some(timeout.map_or(left, |t| t.min(left)))
            }
            _ => timeout,
        };
        self.poller.wait(requests, timeout)?;
        Ok(())
    }

    /// The deadline of a clock subscription, on the monotonic clock.
    fn clock_wait(&self, userdata: u64, clock: wasi_abi::SubscriptionClock, mono_now: u64) -> Wait {
        let id = match Clockid::decode(clock.id) {
            Ok(id) => id,
            Err(e) => return Wait::Ready(event(userdata, Eventtype::Clock, e, 0, false)),
        };
        let abstime = Subclockflags::from_bits_truncate(clock.flags)
            .contains(Subclockflags::SUBSCRIPTION_CLOCK_ABSTIME);
        if !abstime {
            return Wait::Deadline(mono_now.saturating_add(clock.timeout));
        }
        if id == Clockid::Monotonic {
            // Already a deadline on the clock the loop waits with: converting it through a
            // reading taken earlier in the call would move it earlier by the time between.
            return Wait::Deadline(clock.timeout);
        }
        // Another clock's deadline: its reading first, then a fresh monotonic one, so that the
        // time between the two makes the converted deadline later, never earlier.
        let remaining = match self.clock.now(id) {
            Ok(clock_now) => clock.timeout.saturating_sub(clock_now),
            Err(e) => return Wait::Ready(event(userdata, Eventtype::Clock, e, 0, false)),
        };
        match self.clock.now(Clockid::Monotonic) {
            Ok(mono) => Wait::Deadline(mono.saturating_add(remaining)),
            Err(e) => Wait::Ready(event(userdata, Eventtype::Clock, e, 0, false)),
        }
    }

    /// How to wait for an fd subscription.
    fn fd_wait(
        &self,
        userdata: u64,
        fd: u32,
        kind: Eventtype,
        requests: &mut Vec<PollRequest>,
    ) -> Wait {
        let fail = |e: Errno| Wait::Ready(event(userdata, kind, e, 0, false));
        let entry = match self.fds.get(fd) {
            Ok(entry) => entry,
            Err(e) => return fail(e),
        };
        // The kind of fd first (directories cannot be polled), then the right.
        if matches!(entry.desc, Descriptor::Dir(_)) {
            return fail(Errno::ISDIR);
        }
        if !entry.rights_base.contains(Rights::POLL_FD_READWRITE) {
            return fail(Errno::NOTCAPABLE);
        }
        let write = kind == Eventtype::FdWrite;
        let readiness = match &entry.desc {
            Descriptor::File(file) => file.readiness(write),
            Descriptor::Socket(sock) => sock.readiness(write),
            Descriptor::Dir(_) => Readiness::Refused(Errno::ISDIR),
        };
        match readiness {
            Readiness::Ready { nbytes, hangup } => {
                Wait::Ready(event(userdata, kind, Errno::SUCCESS, nbytes, hangup))
            }
            Readiness::Refused(e) => fail(e),
            Readiness::Wait(token) => {
                requests.push(PollRequest {
                    token,
                    write,
                    ready: None,
                });
                Wait::Poll(requests.len().saturating_sub(1))
            }
        }
    }
}
