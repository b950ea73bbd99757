//! The limits of a run (`--fuel`, `--timeout`, `--max-memory`, `--max-fds`): their values
//! with human units, and running `_start` within them.
//!
//! CPU is counted in wasmi fuel (about one unit per instruction). Wall time is enforced
//! three ways, so that a guest is stopped on time whatever it does: a guest that computes
//! runs in fuel slices and is stopped at the first slice that ends after the deadline; a
//! guest waiting in `poll_oneoff` never waits past the deadline (the context's
//! [`deadline`](wasi_impl::WasiCtxBuilder::deadline)); and a guest blocked in the host
//! (a read from a pipe that never comes) is ended by a watchdog thread shortly after it.

use std::time::{Duration, Instant};
use wasmi::{Func, ResumableCall, Store, Val};

/// Exit status when `--timeout` passes (as a shell reports SIGALRM: 128 + 14).
pub const EXIT_TIMEOUT: u8 = 142;
/// Exit status when `--fuel` runs out (as a shell reports SIGXCPU: 128 + 24).
pub const EXIT_FUEL: u8 = 152;

/// Fuel per slice when a wall-time limit is checked between slices: about 10 ms of wasmi.
const SLICE: u64 = 1 << 22;
/// How long after the deadline the watchdog ends a guest blocked in the host.
const GRACE: Duration = Duration::from_millis(200);

/// What the command line limits.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Limits {
    /// `--fuel N`.
    pub fuel: Option<u64>,
    /// `--timeout DURATION`, with the text as given (for messages).
    pub timeout: Option<(Duration, String)>,
    /// `--max-memory BYTES`.
    pub max_memory: Option<u64>,
    /// `--max-fds N`.
    pub max_fds: Option<usize>,
}

impl Limits {
    /// Whether the engine must count fuel.
    pub fn needs_fuel(&self) -> bool {
        self.fuel.is_some() || self.timeout.is_some()
    }

    /// The message for a guest stopped by `--timeout`.
    pub fn timeout_message(&self) -> String {
        let shown = self.timeout.as_ref().map_or("", |(_, text)| text.as_str());
        format!("the guest ran past --timeout {shown}")
    }

    /// The message for a guest stopped by `--fuel`.
    pub fn fuel_message(&self) -> String {
        format!(
            "the guest ran out of fuel (--fuel {})",
            self.fuel.unwrap_or(0)
        )
    }
}

/// How `_start` ended.
pub enum Ended {
    /// It returned, or failed with this engine error (an exit, a trap, a host error).
    Engine(Result<(), wasmi::Error>),
    /// `--fuel` ran out.
    OutOfFuel,
    /// `--timeout` passed.
    TimedOut,
}

/// Counts out fuel: in slices when a deadline is checked between them, all at once
/// otherwise.
pub struct Meter {
    /// Fuel of `--fuel` not handed to the engine yet (`None`: no budget).
    left: Option<u64>,
    deadline: Option<Instant>,
    /// Whether a call has run: the store's fuel is then a slice, not the whole budget.
    sliced: bool,
}

impl Meter {
    /// A meter for `limits`, its deadline counted from `started`. Puts the whole budget in
    /// `store` (fuel must be on when [`Limits::needs_fuel`]), for the instantiation and a
    /// start function, which cannot run in slices; [`run`](Self::run) slices the rest.
    pub fn start<T>(limits: &Limits, started: Instant, store: &mut Store<T>) -> Meter {
        if limits.needs_fuel() {
            let _ = store.set_fuel(limits.fuel.unwrap_or(u64::MAX));
        }
        Meter {
            left: limits.fuel,
            deadline: limits
                .timeout
                .as_ref()
                .and_then(|(d, _)| started.checked_add(*d)),
            sliced: false,
        }
    }

    /// The deadline, if any.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Hands out the next slice of fuel, at least `required`; `None` when the budget
    /// cannot give it.
    fn grant(&mut self, required: u64) -> Option<u64> {
        let slice = match self.deadline {
            Some(_) => SLICE.max(required),
            None => u64::MAX,
        };
        match self.left {
            Some(left) => {
                let grant = slice.min(left);
                if grant == 0 || grant < required {
                    return None;
                }
                self.left = Some(left.saturating_sub(grant));
                Some(grant)
            }
            None => Some(slice),
        }
    }

    /// Whether the deadline has passed.
    fn late(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Sorts an engine error: out of fuel (before a resumable call could be made, as in a
    /// start function), a stop after the deadline, or anything else.
    pub fn sort(&self, e: wasmi::Error) -> Ended {
        if let Some(stopped) = e.downcast_ref::<wasi_wasmi::Stopped>()
            && stopped.trap == wasi_impl::Trap::TimeLimit
        {
            return Ended::TimedOut;
        }
        if e.as_trap_code() == Some(wasmi::TrapCode::OutOfFuel) {
            return if self.late() || self.left.is_none() {
                Ended::TimedOut
            } else {
                Ended::OutOfFuel
            };
        }
        Ended::Engine(Err(e))
    }

    /// Runs `func` with `params` to its end within the limits, its results in `results`.
    /// Calls made one after the other (`_initialize`, then the export) share the budget.
    pub fn run<T>(
        &mut self,
        store: &mut Store<T>,
        func: Func,
        params: &[Val],
        results: &mut [Val],
    ) -> Ended {
        if let Ok(fuel) = store.get_fuel() {
            // What instantiation (or the call before) left in the store goes back to the
            // budget, to be handed out again in slices.
            if let Some(left) = self.left {
                self.left = Some(match self.sliced {
                    true => left.saturating_add(fuel),
                    false => fuel,
                });
            }
            self.sliced = true;
            let first = self.grant(0).unwrap_or(0);
            if let Err(e) = store.set_fuel(first) {
                return Ended::Engine(Err(e));
            }
        }
        let mut call = match func.call_resumable(&mut *store, params, results) {
            Ok(call) => call,
            Err(e) => return self.sort(e),
        };
        loop {
            match call {
                ResumableCall::Finished => return Ended::Engine(Ok(())),
                ResumableCall::HostTrap(trap) => return self.sort(trap.into_host_error()),
                ResumableCall::OutOfFuel(out) => {
                    if self.late() {
                        return Ended::TimedOut;
                    }
                    let Some(grant) = self.grant(out.required_fuel()) else {
                        return Ended::OutOfFuel;
                    };
                    if let Err(e) = store.set_fuel(grant) {
                        return Ended::Engine(Err(e));
                    }
                    call = match out.resume(&mut *store, results) {
                        Ok(call) => call,
                        Err(e) => return self.sort(e),
                    };
                }
            }
        }
    }
}

/// Ends the process with [`EXIT_TIMEOUT`] shortly after `deadline`, for a guest blocked in
/// a host call that no slice or poll deadline can interrupt.
pub fn watchdog(deadline: Instant, message: String) {
    let _ = std::thread::Builder::new()
        .name("wasi-run timeout".into())
        .spawn(move || {
            let until = deadline.checked_add(GRACE).unwrap_or(deadline);
            loop {
                let left = until.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                std::thread::sleep(left);
            }
            eprintln!("wasi-run: {message}");
            std::process::exit(i32::from(EXIT_TIMEOUT));
        });
}

/// A byte count: digits, then optionally a unit, all powers of 1024: `K`, `KB`, `KiB`,
/// `M`, `MB`, `MiB`, `G`, `GB`, `GiB`, `T`, `TB`, `TiB` (any case), or `B`.
pub fn parse_bytes(text: &str) -> Option<u64> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return None,
    };
    if digits.is_empty() {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(1u64 << shift)
}

/// A duration: a number (digits, optionally with a fraction) and a unit `ns`, `us`, `ms`,
/// `s`, `m` or `h`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale: f64 = match unit {
        "ns" => 1e-9,
        "us" | "µs" => 1e-6,
        "ms" => 1e-3,
        "" | "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => return None,
    };
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return None;
    }
    let seconds = number.parse::<f64>().ok()? * scale;
    Duration::try_from_secs_f64(seconds).ok()
}

/// A count: digits, optionally grouped with `_` (`10_000_000`).
pub fn parse_count(text: &str) -> Option<u64> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || text.starts_with('_') {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_with_units() {
        assert_eq!(parse_bytes("4096"), Some(4096));
        assert_eq!(parse_bytes("64K"), Some(64 << 10));
        assert_eq!(parse_bytes("64M"), Some(64 << 20));
        assert_eq!(parse_bytes("64mb"), Some(64 << 20));
        assert_eq!(parse_bytes("1GiB"), Some(1 << 30));
        assert_eq!(parse_bytes("2T"), Some(2 << 40));
        assert_eq!(parse_bytes("12B"), Some(12));
        for bad in ["", "M", "1.5G", "-1", "1 G", "1X", "99999999999T"] {
            assert_eq!(parse_bytes(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn durations_with_units() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Some(Duration::from_secs(10)));
        assert_eq!(parse_duration("10"), Some(Duration::from_secs(10)));
        assert_eq!(parse_duration("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250us"), Some(Duration::from_micros(250)));
        for bad in ["", "s", "1.s", ".5s", "1x", "-1s", "1e3s"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("1000"), Some(1000));
        assert_eq!(parse_count("10_000_000"), Some(10_000_000));
        for bad in ["", "_1", "1k", "-5", "1.0", "99999999999999999999"] {
            assert_eq!(parse_count(bad), None, "{bad:?}");
        }
    }
}
