//! `freeze`: no transfers at all, requests refused.

use super::{OrgView, Policy, TransferOrder};

/// Orders nothing and grants nothing.
#[derive(Debug, Clone, Default)]
pub struct Freeze {
    /// Output name.
    pub name: String,
}

impl Policy for Freeze {
    fn name(&self) -> &str {
        &self.name
    }
    fn review(&mut self, _org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        Vec::new()
    }
}
