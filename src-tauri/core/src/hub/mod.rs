//! The shared hub: one library for the whole office (and, later, the region), while every
//! laptop keeps its own SQLite library and works offline (docs/hub.md).
//!
//! ## Brief overview
//!
//! The hub is a PostgreSQL database the county already runs; CoopDesk runs no server.
//! It holds every shared record with a global id (a UUID) and a version, and an
//! append-only change log ordered by a sequence. A laptop:
//!
//! - keeps an **outbox** of the records it changed (by kind and local id), filled by
//!   triggers in the same transactions that change them (migrations 0017 and 0020), and
//!   a **shadow** of each record as
//!   the hub last had it — the base that tells "changed here" from "changed there";
//! - **pushes** its outbox in one hub transaction: a record goes up only from the version
//!   it was based on (the server refuses any other), so a push never overwrites a change
//!   it has not seen;
//! - **pulls** the change log after its cursor, in batches, each applied locally in one
//!   transaction with the cursor, so a pull stopped half-way resumes without applying
//!   anything twice;
//! - **merges** field by field a record changed on both sides: fields changed on one side
//!   only are taken, the same field changed on both (or a deletion against an edit) is a
//!   [`Conflict`], kept with both versions until the clerk chooses keep mine / take theirs.
//!
//! Who reads and changes what is decided by PostgreSQL's row-level security, not by the
//! client ([`admin`] sets it up). The connection is TLS with the certificate verified
//! ([`connect`]); the password lives in the system's credential store ([`secret`]).
//!
//! Modules: [`address`] reads a hub address; [`connect`] opens a verified connection;
//! [`schema`] migrates and checks the hub's own schema; [`admin`] is `hub init` and
//! `hub add-member`; [`local`] is the library's side (link, outbox, shadow, conflicts);
//! [`merge`] decides a record changed on both sides; [`sync`] is join, a sync, the
//! conflicts and their settling, [`pull`] and [`push`] its two halves, the same for every
//! kind of record; [`kinds`] is what differs by kind (contracts, saved comparisons);
//! [`region`] is what a member shares with the other jurisdictions.
//! [`documents`] carries a contract's documents, once each, by checksum.
//! [`leave`] unlinks the library and keeps every contract.

pub mod address;
pub mod admin;
mod connect;
pub mod documents;
pub(crate) mod kinds;
pub mod leave;
pub mod local;
pub mod merge;
mod pull;
mod push;
pub mod region;
pub mod schema;
mod secret;
pub mod sync;

pub use address::HubAddress;
pub use leave::{leave, LeaveReport};
pub use merge::{Conflict, ConflictKind, FieldConflict, Resolution};
pub use region::{share_with_region, sharing, Sharing};
pub use sync::{conflicts, join, resolve, status, sync, HubStatus, JoinReport, SyncReport};
