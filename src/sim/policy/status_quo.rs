//! `status_quo`: no planned moves; people's own transfer requests are granted when the rules
//! allow (the real status quo in Gorontalo, where staff drift to the city [R95]).

use super::{OrgView, Policy, Reason, ReviewSpec, Support, TransferOrder};

/// Grants requests, plans nothing.
#[derive(Debug, Clone, Default)]
pub struct StatusQuo {
    /// Output name.
    pub name: String,
    /// Support measures in force.
    pub support: Support,
    /// Review timing (default: the scenario's).
    pub review: Option<ReviewSpec>,
}

impl Policy for StatusQuo {
    fn name(&self) -> &str {
        &self.name
    }
    fn support(&self) -> Support {
        self.support
    }
    fn review_timing(&self) -> Option<ReviewSpec> {
        self.review.clone()
    }
    fn review(&mut self, org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        org.requests()
            .iter()
            .map(|r| TransferOrder {
                staff: r.staff,
                to_unit: r.to_unit,
                reason: Reason::Request,
                train_first: false,
            })
            .collect()
    }
}
