//! Granting staff-initiated transfer requests alongside any policy: requests that the rules
//! allow are granted, except for people the policy itself has just ordered to move. Without
//! this, only the status quo would let people move on request, and every other policy would
//! look better partly because it stops the drift to the city.

use crate::scenario::Indicator;

use super::{OrgView, Policy, Reason, TransferOrder, Watch};

/// Wraps a policy so that it also grants requests.
pub struct GrantRequests {
    /// The policy whose own orders come first.
    pub inner: Box<dyn Policy>,
}

impl GrantRequests {
    fn with_requests(
        &self,
        org: &OrgView<'_>,
        mut orders: Vec<TransferOrder>,
    ) -> Vec<TransferOrder> {
        for r in org.requests() {
            if !orders.iter().any(|o| o.staff == r.staff) {
                orders.push(TransferOrder {
                    staff: r.staff,
                    to_unit: r.to_unit,
                    reason: Reason::Request,
                    train_first: false,
                    temporary_weeks: None,
                });
            }
        }
        orders
    }
}

impl Policy for GrantRequests {
    fn watch(&self) -> Vec<Watch> {
        self.inner.watch()
    }
    fn review(&mut self, org: &OrgView<'_>, rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let own = self.inner.review(org, rng);
        self.with_requests(org, own)
    }
    fn on_alert(
        &mut self,
        org: &OrgView<'_>,
        unit: u32,
        indicator: Indicator,
        rng: &mut dyn rand::Rng,
    ) -> Vec<TransferOrder> {
        self.inner.on_alert(org, unit, indicator, rng)
    }
}
