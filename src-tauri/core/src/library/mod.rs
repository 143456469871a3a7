//! The library of cooperative contracts: the record, its history, checklist, price list
//! and documents, and search over it all.

pub mod checklist;
pub mod contract;
pub mod documents;
mod highlight;
pub mod history;
pub mod price_list;
pub mod sample;
pub mod search;
pub mod status;
pub mod summary;
pub mod term;

pub use contract::Contract;
pub use status::Status;
pub use summary::ContractSummary;
