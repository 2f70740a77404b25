//! `status_quo`: no planned moves; people's own transfer requests are granted when the rules
//! allow (the real status quo in Gorontalo, where staff drift to the city \[R95\]).

use super::{OrgView, Policy, Reason, TransferOrder};

/// Grants requests, plans nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatusQuo;

impl Policy for StatusQuo {
    fn review(&mut self, org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        org.requests()
            .iter()
            .map(|r| TransferOrder {
                staff: r.staff,
                to_unit: r.to_unit,
                reason: Reason::Request,
                train_first: false,
                temporary_weeks: None,
            })
            .collect()
    }
}
