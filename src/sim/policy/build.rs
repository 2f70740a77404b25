//! Building a policy from a scenario's `[[policies]]` entry.

use crate::scenario::{PolicyKind, PolicySpec};
use crate::sim::Model;

use super::{
    CompetenceMatch, ComplaintTriggered, Freeze, NeedsBased, PeriodicRotation, PlannedMoves,
    Policy, StatusQuo,
};

/// A fresh policy (with empty state) for one replication.
pub fn build(spec: &PolicySpec, model: &Model) -> Box<dyn Policy> {
    let review = spec
        .review
        .clone()
        .unwrap_or_else(|| model.scenario.review.clone());
    let scope = scope(spec, model);
    match spec.kind {
        PolicyKind::StatusQuo => Box::new(StatusQuo {
            name: spec.name.clone(),
            support: spec.support,
            review: Some(review),
        }),
        PolicyKind::Freeze => Box::new(Freeze {
            name: spec.name.clone(),
        }),
        PolicyKind::PlannedMoves => Box::new(PlannedMoves::new(spec, model, review)),
        PolicyKind::PeriodicRotation => Box::new(PeriodicRotation::new(spec, model, review, scope)),
        PolicyKind::NeedsBased => Box::new(NeedsBased::new(spec, review, scope)),
        PolicyKind::ComplaintTriggered => {
            Box::new(ComplaintTriggered::new(spec, model, review, scope))
        }
        PolicyKind::CompetenceMatch => Box::new(CompetenceMatch::new(spec, review, scope)),
    }
}

/// Units a policy may touch (all when the entry names none).
fn scope(spec: &PolicySpec, model: &Model) -> Vec<bool> {
    if spec.units.is_empty() {
        return vec![true; model.units.len()];
    }
    model
        .units
        .iter()
        .map(|u| spec.units.contains(&u.name))
        .collect()
}
