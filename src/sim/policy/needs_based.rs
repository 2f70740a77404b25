//! `needs_based`: workload analysis (ABK). A unit whose EJ stays above `1 + tolerance` for
//! `months` months is in deficit; one below `1 - tolerance` as long is in surplus. People move
//! from surplus to deficit units: best fit first, then least expected resistance, then from
//! the largest surplus.

use crate::scenario::{PolicySpec, SelectBy};

use super::choose::{asc, desc, eligible, merit_first};
use super::guard::Guard;
use super::{Indicator, OrgView, Policy, Reason, TransferOrder};

/// Default EJ band half-width: 0.1, the width of grade B (0.90-1.00, \[R33\]).
const DEFAULT_TOLERANCE: f64 = 0.1;
/// Default months out of band before acting: 2 (brief 6.2, policy P4).
const DEFAULT_MONTHS: u32 = 2;

/// Rebalancing by workload analysis.
pub struct NeedsBased {
    tolerance: f64,
    months: usize,
    moves_per_trigger: u32,
    scope: Vec<bool>,
    train_first: bool,
    guard: Guard,
    select_by: SelectBy,
}

impl NeedsBased {
    /// Builds the policy.
    pub fn new(spec: &PolicySpec, scope: Vec<bool>) -> Self {
        NeedsBased {
            tolerance: spec.tolerance.unwrap_or(DEFAULT_TOLERANCE),
            months: spec.months.unwrap_or(DEFAULT_MONTHS).max(1) as usize,
            moves_per_trigger: spec.moves_per_trigger.unwrap_or(1),
            scope,
            train_first: spec.train_first,
            guard: Guard::from_spec(spec),
            select_by: spec.select_by.unwrap_or_default(),
        }
    }

    /// True when the unit's EJ was on the given side of the band in each of the last months.
    fn out_of_band(&self, org: &OrgView<'_>, unit: u32, above: bool) -> bool {
        (0..self.months).all(|b| {
            let ej = org.indicator(unit, Indicator::Ej, b);
            if above {
                ej > 1.0 + self.tolerance
            } else {
                ej < 1.0 - self.tolerance
            }
        })
    }
}

impl Policy for NeedsBased {
    fn review(&mut self, org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let units: Vec<u32> = (0..org.unit_count() as u32)
            .filter(|&u| self.scope[u as usize])
            .collect();
        let mut deficits: Vec<u32> = units
            .iter()
            .copied()
            .filter(|&u| self.out_of_band(org, u, true))
            .collect();
        deficits.sort_by(|&a, &b| {
            desc(
                org.indicator(a, Indicator::Ej, 0),
                org.indicator(b, Indicator::Ej, 0),
            )
        });
        // Surplus size: staff beyond the required FTE.
        let mut surplus: Vec<(u32, f64)> = units
            .iter()
            .copied()
            .filter(|&u| self.out_of_band(org, u, false))
            .map(|u| {
                let need = org.indicator(u, Indicator::RequiredFte, 0);
                (u, org.unit(u).assigned as f64 - need)
            })
            .collect();
        let mut orders = Vec::new();
        let mut taken = Vec::new();
        let mut ledger = self.guard.ledger(org);
        for to in deficits {
            for _ in 0..self.moves_per_trigger {
                let mut candidates: Vec<_> = surplus
                    .iter()
                    .filter(|(_, extra)| *extra >= 1.0)
                    .flat_map(|&(u, extra)| org.staff_of(u).map(move |p| (p, extra)))
                    .filter(|(p, _)| eligible(org, p) && !taken.contains(&p.id))
                    .filter(|(p, _)| org.may_move(p.id, to))
                    .collect();
                candidates.sort_by(|(a, ea), (b, eb)| {
                    merit_first(self.select_by, a, b)
                        .then(desc(org.fit(a.field, to), org.fit(b.field, to)))
                        .then(asc(
                            org.resistance_probability(a.id, to),
                            org.resistance_probability(b.id, to),
                        ))
                        .then(desc(*ea, *eb))
                        .then(a.id.cmp(&b.id))
                });
                // The best candidate the guards admit (donor kept within its margin,
                // receiver not beyond its need).
                let chosen = candidates.into_iter().find_map(|(p, _)| {
                    let order = TransferOrder {
                        staff: p.id,
                        to_unit: to,
                        reason: Reason::NeedsBased,
                        train_first: self.train_first,
                        temporary_weeks: None,
                    };
                    self.guard
                        .admit(org, &mut ledger, &order)
                        .then_some((p, order))
                });
                let Some((p, order)) = chosen else {
                    break;
                };
                taken.push(p.id);
                if let Some(s) = surplus.iter_mut().find(|(u, _)| *u == p.unit) {
                    s.1 -= 1.0;
                }
                orders.push(order);
            }
        }
        orders
    }
}
