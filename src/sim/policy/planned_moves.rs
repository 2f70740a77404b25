//! `planned_moves`: moves a planner drafts by hand ("move two people from public order to
//! the adminduk counter in month 14"). Orders go out at the end of the stated month; a move
//! that breaks a rule is blocked and reported, never forced.

use crate::scenario::PolicySpec;
use crate::sim::Model;

use super::choose::{asc, desc};
use super::{OrgView, Policy, Reason, TransferOrder};

struct Move {
    month: u32,
    from: u32,
    to: u32,
    count: u32,
    field: Option<u16>,
    train_first: bool,
    issued: bool,
}

/// A list of moves at given months.
pub struct PlannedMoves {
    moves: Vec<Move>,
}

impl PlannedMoves {
    /// Builds the policy; unit names were checked by scenario validation.
    pub fn new(spec: &PolicySpec, model: &Model) -> PlannedMoves {
        let unit = |name: &str| {
            model
                .units
                .iter()
                .position(|u| u.name == name)
                .unwrap_or(usize::MAX) as u32
        };
        PlannedMoves {
            moves: spec
                .moves
                .iter()
                .map(|m| Move {
                    month: m.month,
                    from: unit(&m.from),
                    to: unit(&m.to),
                    count: m.count,
                    field: m.field.as_deref().and_then(|f| model.field_id(f)),
                    train_first: m.train_first || spec.train_first,
                    issued: false,
                })
                .collect(),
        }
    }
}

impl Policy for PlannedMoves {
    fn review(&mut self, org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        // Dated moves in the warm-up wait for its end, so that every move is counted.
        if org.month() < org.warm_up_months() {
            return Vec::new();
        }
        let month = org.month() as u32 + 1;
        let mut orders = Vec::new();
        let mut taken: Vec<u32> = Vec::new();
        for mv in self
            .moves
            .iter_mut()
            .filter(|m| !m.issued && m.month <= month)
        {
            mv.issued = true;
            // People the rules let move first, then matching background, then best fit at the destination, then least
            // resistance; people already picked this month are skipped.
            let mut candidates: Vec<_> = org
                .staff_of(mv.from)
                .filter(|p| p.movable() && !p.pending && !p.leaving && !taken.contains(&p.id))
                .collect();
            candidates.sort_by(|a, b| {
                let matches = |p: &super::StaffInfo| mv.field.is_none_or(|f| f == p.field);
                org.may_move(b.id, mv.to)
                    .cmp(&org.may_move(a.id, mv.to))
                    .then(matches(b).cmp(&matches(a)))
                    .then(desc(org.fit(a.field, mv.to), org.fit(b.field, mv.to)))
                    .then(asc(
                        org.resistance_probability(a.id, mv.to),
                        org.resistance_probability(b.id, mv.to),
                    ))
                    .then(a.id.cmp(&b.id))
            });
            for p in candidates.into_iter().take(mv.count as usize) {
                taken.push(p.id);
                orders.push(TransferOrder {
                    staff: p.id,
                    to_unit: mv.to,
                    reason: Reason::Planned,
                    train_first: mv.train_first,
                    temporary_weeks: None,
                });
            }
        }
        orders
    }
}
