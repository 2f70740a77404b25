//! What a scenario entry adds around a built-in policy's own orders, in one wrapper: its moves
//! lent instead of transferred (`temporary_weeks`), the staff requests it grants
//! (`grant_requests`) and the guards (every built-in but `freeze`).

use super::grant_requests::with_requests;
use super::{Guard, Indicator, OrgView, Policy, Reason, TransferOrder, Watch};

/// A policy with the layers its entry asks for, applied to its orders in this order: loans,
/// then granted requests (at reviews only, after the policy's own orders), then the guards.
pub struct Layered {
    /// The policy.
    pub inner: Box<dyn Policy>,
    /// `Some(weeks)`: the policy's own orders become temporary assignments of at most that
    /// many weeks (5 working days each); the requests it grants stay transfers.
    pub lend_weeks: Option<f64>,
    /// Grant the staff requests the rules allow, except for people the policy has just
    /// ordered to move.
    pub grant_requests: bool,
    /// The guards every order must pass (`None`: unguarded, as `freeze`).
    pub guard: Option<Guard>,
}

impl Layered {
    fn apply(
        &self,
        org: &OrgView<'_>,
        mut orders: Vec<TransferOrder>,
        at_review: bool,
    ) -> Vec<TransferOrder> {
        if let Some(weeks) = self.lend_weeks {
            orders = lend(orders, weeks);
        }
        if at_review && self.grant_requests {
            orders = with_requests(org, orders);
        }
        match &self.guard {
            Some(guard) => guard.filter(org, orders),
            None => orders,
        }
    }
}

/// The policy's own orders as loans of at most `weeks` weeks (requests stay transfers).
fn lend(orders: Vec<TransferOrder>, weeks: f64) -> Vec<TransferOrder> {
    orders
        .into_iter()
        .map(|o| match o.reason {
            Reason::Request => o,
            _ => TransferOrder::temporary(o.staff, o.to_unit, weeks),
        })
        .collect()
}

impl Policy for Layered {
    fn review(&mut self, org: &OrgView<'_>, rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let orders = self.inner.review(org, rng);
        self.apply(org, orders, true)
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
        self.apply(org, orders, false)
    }
}
