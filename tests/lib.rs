//! The integration tests, as one crate (one link, one binary).
//!
//! The crate installs a counting global allocator (see `alloc_free`): allocation counts are kept per
//! thread, so tests running in parallel do not disturb each other.

mod alloc_free;
mod common;
mod data;
mod fast;
mod firmware;
mod gradcheck;
mod init;
mod io;
mod metrics;
mod optim;
mod quant;
mod recurrent;
mod reference;
mod shapes;
mod train;
mod ui;
mod weighted;

#[global_allocator]
static ALLOCATOR: alloc_free::CountingAllocator = alloc_free::CountingAllocator;
