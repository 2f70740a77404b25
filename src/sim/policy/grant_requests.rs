//! Granting staff-initiated transfer requests alongside any policy: requests that the rules
//! allow are granted, except for people the policy itself has just ordered to move. Without
//! this, only the status quo would let people move on request, and every other policy would
//! look better partly because it stops the drift to the city. A request to leave for an
//! outside pool comes with its other half: someone from the pool to the post left behind.

use super::pool::replacement;
use super::{OrgView, Reason, TransferOrder};

/// `orders` (the policy's own, first) with the requests the rules allow, except those of
/// people the policy has just ordered to move, and their exchanges with an outside pool.
pub(crate) fn with_requests(
    org: &OrgView<'_>,
    mut orders: Vec<TransferOrder>,
) -> Vec<TransferOrder> {
    for r in org.requests() {
        if !orders.iter().any(|o| o.staff == r.staff) {
            orders.push(TransferOrder::new(r.staff, r.to_unit, Reason::Request));
        }
    }
    with_exchanges(org, orders)
}

/// `orders` with, for every granted request to leave for an outside pool, its other half:
/// someone from the pool, chosen by fit, ordered to the post left behind (an exchange, not a
/// drain of the unit).
pub(crate) fn with_exchanges(
    org: &OrgView<'_>,
    mut orders: Vec<TransferOrder>,
) -> Vec<TransferOrder> {
    let leaving: Vec<(u32, u32)> = orders
        .iter()
        .filter(|o| o.reason == Reason::Request && org.is_pool(o.to_unit))
        .filter_map(|o| Some((o.to_unit, org.person(o.staff)?.unit)))
        .collect();
    for (pool, from) in leaving {
        let taken: Vec<u32> = orders.iter().map(|o| o.staff).collect();
        if let Some(back) = replacement(org, pool, from, &taken) {
            orders.push(TransferOrder::new(back.id, from, Reason::Exchange));
        }
    }
    orders
}
