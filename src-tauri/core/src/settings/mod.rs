//! The jurisdiction's settings: who the memos speak for, under which authority, and which
//! cooperatives it has approved as sources.
//!
//! [`model`] is the data ([`Settings`]); [`store`] keeps it as key/value rows, so that
//! adding a setting needs no migration. A value that is missing reads as its default.

pub mod logo;
pub mod model;
pub mod store;

pub use logo::Logo;
pub use model::{ChangeOrderThreshold, Paper, Settings, Signer};
pub use store::{load, save, set_logo, set_logo_from_file};
