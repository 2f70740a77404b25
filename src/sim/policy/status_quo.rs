//! `status_quo`: no planned moves; people's own transfer requests are granted when the rules
//! allow (the real status quo in Gorontalo, where staff drift to the city \[R95\]).

use super::grant_requests::with_exchanges;
use super::{OrgView, Policy, Reason, TransferOrder};

/// Grants requests, plans nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatusQuo;

impl Policy for StatusQuo {
    fn review(&mut self, org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let requests = org
            .requests()
            .iter()
            .map(|r| TransferOrder::new(r.staff, r.to_unit, Reason::Request))
            .collect();
        with_exchanges(org, requests)
    }
}
