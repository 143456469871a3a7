//! Justification memos: the staff report a council or board approves.
//!
//! ## Brief overview
//!
//! - [`document`] is the memo as a tree of blocks — the one model every renderer reads.
//! - [`compose`] fills that tree from the library, a comparison and the clerk's inputs.
//! - [`html`] renders it as an escaped HTML fragment for the preview.
//! - [`pdf`] renders it as a tagged PDF (PDF/UA-1, PDF/A-2b) with an embedded, subset font;
//!   [`tagged`] adds the structure tree and metadata printpdf has no API for.
//! - [`docx`] renders it as an editable Word document.
//! - [`placeholders`] lists the gaps left in a memo's text ("[budget account]", "Not
//!   recorded"), for the clerk to confirm or fix before printing.
//! - [`renewal`] is the second kind of memo, written from a council action when a
//!   renewal needs the council: the same document model, the same renderers and store
//!   (its facts are gathered by [`crate::renewal_memo`]).
//! - [`store`] keeps saved memos and their versions; what a version holds is
//!   [`content`], data only, and `changes` says how the library moved since.
//!
//! The paper, the signature lines and the logo are the jurisdiction's, chosen once in
//! [`crate::settings`]; a memo copies them when it is composed.
//!
//! The renderers never read the clock: the memo's date is its PDF's date, so the same
//! memo always gives the same bytes.

mod changes;
pub mod compose;
pub mod content;
pub mod document;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod placeholders;
pub mod renewal;
mod savings;
pub mod sections;
mod srgb;
pub mod store;
mod tagged;
pub mod term;

pub use compose::{compose, MemoInputs};
pub use document::{Align, Block, Column, Fact, Memo, MemoHeader, Table};
pub use docx::to_docx;
pub use html::to_html;
pub use pdf::to_pdf;
pub use sections::Section;
