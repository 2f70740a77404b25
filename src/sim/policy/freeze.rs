//! `freeze`: no transfers at all, requests refused.

use super::{OrgView, Policy, TransferOrder};

/// Orders nothing and grants nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Freeze;

impl Policy for Freeze {
    fn review(&mut self, _org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        Vec::new()
    }
}
