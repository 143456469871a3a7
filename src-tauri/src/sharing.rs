//! Sharing through the hub while the window is open: a sync on start, soon after the
//! clerk changes the library, and every few minutes while joined — never two at once, and
//! never on the window's connection (a sync waits on the network; `Library::with_beside`).
//!
//! [`Schedule`] decides when a sync is due from what it is shown, and is tested alone;
//! [`keep_in_sync`] is the thread that looks at the library every few seconds and runs
//! the syncs; [`Sharing`] is how the last one went, which the window is told after each
//! (`hub-synced`) and reads with the Shared library section.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use chrono::Local;
use coopdesk_core::sharing::{self, SharedLibrary, SyncProblem, SyncState};
use coopdesk_core::{hub, ErrorPayload};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::Library;

/// How often the thread looks whether the window changed the library (a cheap read).
const LOOK_EVERY: Duration = Duration::from_secs(3);
/// A change is shared once the clerk has stopped changing things for this long…
const QUIET: Duration = Duration::from_secs(5);
/// …or this long after the first change not shared, whichever comes first.
const AT_MOST: Duration = Duration::from_secs(30);
/// The others' changes are fetched this often while nothing changes here.
const EVERY: Duration = Duration::from_secs(5 * 60);
/// After a sync that failed (offline), the next waits at least this long.
const RETRY: Duration = Duration::from_secs(60);

/// What the thread sees when it looks at the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// `None` when the library is not joined; else how many contracts wait to be shared.
    pub waiting: Option<i64>,
    /// SQLite's `data_version` on the sync's connection: it moves when the window commits.
    pub changes_seen: i64,
}

/// When a sync is due.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    last_attempt: Option<Instant>,
    failed_at: Option<Instant>,
    seen: Option<i64>,
    first_change: Option<Instant>,
    last_change: Option<Instant>,
}

impl Schedule {
    /// Whether a sync is due `now`, given `look`.
    pub fn due(&mut self, now: Instant, look: Look) -> bool {
        let Some(waiting) = look.waiting else {
            // Not joined (or just left): the next join starts afresh, with a sync.
            *self = Schedule::default();
            return false;
        };
        if self.seen.is_some_and(|seen| seen != look.changes_seen) && waiting > 0 {
            self.first_change.get_or_insert(now);
            self.last_change = Some(now);
        }
        self.seen = Some(look.changes_seen);
        let Some(last_attempt) = self.last_attempt else {
            return true;
        };
        if self.failed_at.is_some_and(|failed| now - failed < RETRY) {
            return false;
        }
        if now - last_attempt >= EVERY {
            return true;
        }
        match (self.first_change, self.last_change) {
            (Some(first), Some(last)) => now - last >= QUIET || now - first >= AT_MOST,
            _ => false,
        }
    }

    /// A sync was tried at `now`; `ok` when it completed.
    pub fn attempted(&mut self, now: Instant, ok: bool) {
        self.last_attempt = Some(now);
        if ok {
            self.failed_at = None;
            self.first_change = None;
            self.last_change = None;
        } else {
            self.failed_at = Some(now);
        }
    }
}

/// How syncing goes, the CA file chosen for a join, and the thread's wake-up call.
#[derive(Debug, Default)]
pub struct Sharing {
    state: Mutex<SyncState>,
    ca_file: Mutex<Option<PathBuf>>,
    nudged: Mutex<bool>,
    nudge: Condvar,
}

impl Sharing {
    pub fn state(&self) -> SyncState {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set_ca_file(&self, path: Option<PathBuf>) {
        *self.ca_file.lock().unwrap_or_else(|p| p.into_inner()) = path;
    }

    pub fn ca_file(&self) -> Option<PathBuf> {
        self.ca_file
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Asks the thread to look now rather than at its next round (after a join).
    pub fn nudge(&self) {
        *self.nudged.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.nudge.notify_all();
    }

    fn wait_for_round(&self) {
        let nudged = self.nudged.lock().unwrap_or_else(|p| p.into_inner());
        let (mut nudged, _) = self
            .nudge
            .wait_timeout_while(nudged, LOOK_EVERY, |nudged| !*nudged)
            .unwrap_or_else(|p| p.into_inner());
        *nudged = false;
    }

    /// Syncs now (after any sync under way), and answers the section as it then is.
    pub fn sync(&self, library: &Library) -> Result<SharedLibrary, ErrorPayload> {
        library.with_beside(|db| {
            self.state.lock().unwrap_or_else(|p| p.into_inner()).syncing = true;
            let now = Local::now().naive_local();
            let problem = match hub::sync(db, now) {
                Ok(_) => None,
                Err(error) => {
                    let url = hub::local::link(db)?.map(|link| link.url);
                    Some(SyncProblem {
                        offline: url.is_some_and(|url| !sharing::reachable(&url)),
                        message: ErrorPayload::from(error).message,
                        at: now.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    })
                }
            };
            let state = SyncState {
                syncing: false,
                problem,
            };
            *self.state.lock().unwrap_or_else(|p| p.into_inner()) = state.clone();
            sharing::shared_library(db, state)
        })
    }

    /// The section as it is now.
    pub fn view(&self, library: &Library) -> Result<SharedLibrary, ErrorPayload> {
        let state = self.state();
        library.with(|db| sharing::shared_library(db, state))
    }

    /// Forgets how the last sync went (after leaving the hub).
    pub fn reset(&self) {
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) = SyncState::default();
    }
}

/// Starts the thread that keeps a joined library in sync while the app runs; it tells
/// the window after each sync (`hub-synced`, with the section as it then is).
pub fn keep_in_sync<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || {
        let mut schedule = Schedule::default();
        loop {
            let sharing = app.state::<Sharing>();
            sharing.wait_for_round();
            let library = app.state::<Library>();
            let look = library.with_beside(|db| {
                Ok(Look {
                    waiting: sharing::waiting(db)?,
                    changes_seen: sharing::changes_seen(db)?,
                })
            });
            // A library that cannot be read (damaged, being restored) is looked at again
            // at the next round.
            let Ok(look) = look else { continue };
            if !schedule.due(Instant::now(), look) {
                continue;
            }
            let outcome = sharing.sync(&library);
            let ok = outcome
                .as_ref()
                .is_ok_and(|view| view.sync.problem.is_none());
            schedule.attempted(Instant::now(), ok);
            if let Ok(view) = outcome {
                let _ = app.emit("hub-synced", view);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(waiting: i64, changes_seen: i64) -> Look {
        Look {
            waiting: Some(waiting),
            changes_seen,
        }
    }

    #[test]
    fn a_joined_library_syncs_on_start_then_every_few_minutes() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        assert!(schedule.due(start, joined(0, 1)), "a sync on start");
        schedule.attempted(start, true);
        assert!(
            !schedule.due(start + Duration::from_secs(60), joined(0, 1)),
            "nothing changed, and it is not time yet"
        );
        assert!(
            schedule.due(start + EVERY, joined(0, 1)),
            "the others' changes are fetched every few minutes"
        );
    }

    #[test]
    fn a_library_not_joined_never_syncs() {
        let mut schedule = Schedule::default();
        let look = Look {
            waiting: None,
            changes_seen: 1,
        };
        assert!(!schedule.due(Instant::now(), look));
        assert!(!schedule.due(Instant::now() + EVERY * 2, look));
    }

    #[test]
    fn a_change_is_shared_once_the_clerk_pauses_and_not_at_every_keystroke() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        schedule.due(start, joined(0, 1));
        schedule.attempted(start, true);
        let at = |s: u64| start + Duration::from_secs(s);
        assert!(!schedule.due(at(10), joined(1, 2)), "a change, just made");
        assert!(!schedule.due(at(12), joined(1, 3)), "another, still typing");
        assert!(
            schedule.due(at(12) + QUIET, joined(1, 3)),
            "shared once the clerk paused"
        );
        schedule.attempted(at(18), true);
        assert!(!schedule.due(at(21), joined(0, 3)), "nothing new since");
    }

    #[test]
    fn a_clerk_who_never_pauses_still_shares_within_half_a_minute() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        schedule.due(start, joined(0, 0));
        schedule.attempted(start, true);
        let mut due_at = None;
        for second in (3..=60).step_by(3) {
            // A change at every look.
            if schedule.due(
                start + Duration::from_secs(second),
                joined(1, second as i64),
            ) {
                due_at = Some(second);
                break;
            }
        }
        let due_at = due_at.expect("a sync came while the clerk kept changing things");
        assert!(
            Duration::from_secs(due_at - 3) <= AT_MOST + LOOK_EVERY,
            "{due_at} s"
        );
    }

    #[test]
    fn offline_a_change_is_tried_again_a_minute_later_not_at_every_look() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        schedule.due(start, joined(1, 1));
        schedule.attempted(start, false);
        let at = |s: u64| start + Duration::from_secs(s);
        assert!(!schedule.due(at(3), joined(1, 2)));
        assert!(
            !schedule.due(at(30), joined(1, 2)),
            "still waiting after a failure"
        );
        assert!(
            schedule.due(at(61), joined(1, 2)),
            "tried again once a minute has passed"
        );
    }

    #[test]
    fn leaving_and_joining_again_syncs_at_once() {
        let start = Instant::now();
        let mut schedule = Schedule::default();
        schedule.due(start, joined(0, 1));
        schedule.attempted(start, true);
        let left = Look {
            waiting: None,
            changes_seen: 2,
        };
        assert!(!schedule.due(start + Duration::from_secs(3), left));
        assert!(
            schedule.due(start + Duration::from_secs(6), joined(10, 3)),
            "the first sync after joining again is not held back"
        );
    }
}
