//! `temporary_weeks` on a policy entry: the policy's own moves become temporary assignments
//! (lent for at most that many weeks, back home at the end) instead of transfers.

use super::{Indicator, OrgView, Policy, Reason, TransferOrder, Watch};

/// A policy whose own orders are loans; the requests it grants stay transfers.
pub struct Lending {
    /// The policy.
    pub inner: Box<dyn Policy>,
    /// Longest assignment (weeks of 5 working days).
    pub weeks: f64,
}

impl Lending {
    fn lend(&self, orders: Vec<TransferOrder>) -> Vec<TransferOrder> {
        orders
            .into_iter()
            .map(|o| match o.reason {
                Reason::Request => o,
                _ => TransferOrder::temporary(o.staff, o.to_unit, self.weeks),
            })
            .collect()
    }
}

impl Policy for Lending {
    fn review(&mut self, org: &OrgView<'_>, rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let orders = self.inner.review(org, rng);
        self.lend(orders)
    }
    fn watch(&self) -> Vec<Watch> {
        self.inner.watch()
    }
    fn on_alert(
        &mut self,
        org: &OrgView<'_>,
        unit: u32,
        indicator: Indicator,
        rng: &mut dyn rand::Rng,
    ) -> Vec<TransferOrder> {
        let orders = self.inner.on_alert(org, unit, indicator, rng);
        self.lend(orders)
    }
}
