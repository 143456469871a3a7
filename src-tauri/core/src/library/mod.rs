//! The library of cooperative contracts.

pub mod contract;
pub mod sample;
pub mod status;
pub mod summary;

pub use contract::Contract;
pub use status::Status;
pub use summary::ContractSummary;
