//! Building a policy from a scenario's `[[policies]]` entry: its behaviour ([`build`], fresh
//! for every replication) and its setup ([`PolicySetup::from_spec`], once per experiment).

use crate::scenario::{PolicyKind, PolicySpec, ReviewSpec};
use crate::sim::Model;

use super::guard::Guard;
use super::{
    CompetenceMatch, ComplaintTriggered, Freeze, Layered, NeedsBased, PeriodicRotation,
    PlannedMoves, Policy, PolicySetup, StatusQuo,
};

/// The scenario's baseline policy (`status_quo` unless the scenario says otherwise; the
/// first policy if none is named so) built for one replication, with its setup: what the
/// benchmarks and allocation tests run.
pub fn build_baseline(model: &Model) -> (Box<dyn Policy>, PolicySetup) {
    let s = &model.scenario;
    let spec = s
        .policies
        .iter()
        .find(|p| p.name == s.baseline)
        .or(s.policies.first());
    match spec {
        Some(spec) => (build(spec, model), PolicySetup::from_spec(spec, model)),
        None => (Box::new(StatusQuo), PolicySetup::default()),
    }
}

/// A fresh policy (with empty state) for one replication.
pub fn build(spec: &PolicySpec, model: &Model) -> Box<dyn Policy> {
    let scope = scope(spec, model);
    let policy: Box<dyn Policy> = match spec.kind {
        PolicyKind::StatusQuo => Box::new(StatusQuo),
        PolicyKind::Freeze => Box::new(Freeze),
        PolicyKind::PlannedMoves => Box::new(PlannedMoves::new(spec, model)),
        PolicyKind::PeriodicRotation => Box::new(PeriodicRotation::new(spec, model, scope)),
        PolicyKind::NeedsBased => Box::new(NeedsBased::new(spec, scope)),
        PolicyKind::ComplaintTriggered | PolicyKind::TemporaryAssignment => {
            Box::new(ComplaintTriggered::new(spec, model, scope))
        }
        PolicyKind::CompetenceMatch => Box::new(CompetenceMatch::new(spec, scope)),
    };
    let surge = matches!(
        spec.kind,
        PolicyKind::ComplaintTriggered | PolicyKind::TemporaryAssignment
    );
    Box::new(Layered {
        inner: policy,
        // A surge policy lends (and recalls) by itself; any other lends what it would move.
        lend_weeks: spec.temporary_weeks.filter(|_| !surge),
        grant_requests: spec.grant_requests.unwrap_or(!matches!(
            spec.kind,
            PolicyKind::Freeze | PolicyKind::StatusQuo
        )),
        guard: (spec.kind != PolicyKind::Freeze).then(|| guard_of(spec)),
    })
}

impl PolicySetup {
    /// The setup a scenario's `[[policies]]` entry asks for: its `support` (limited to its
    /// `units` when it names some) and its `review` (default: the scenario's `[review]`).
    /// `freeze` ignores both (it pays no allowances), `planned_moves` looks every month,
    /// since its moves are dated, and `temporary_assignment` does too unless its entry says
    /// otherwise (a camat watches the counter closely).
    pub fn from_spec(spec: &PolicySpec, model: &Model) -> PolicySetup {
        let review = spec
            .review
            .clone()
            .unwrap_or_else(|| model.scenario.review.clone());
        let support_units = (!spec.units.is_empty()).then(|| scope(spec, model));
        match spec.kind {
            PolicyKind::Freeze => PolicySetup {
                support_units,
                ..PolicySetup::default()
            },
            PolicyKind::PlannedMoves => PolicySetup {
                support: spec.support,
                support_units,
                review: Some(ReviewSpec {
                    every_months: 1,
                    start_month: 1,
                    ..review
                }),
            },
            PolicyKind::TemporaryAssignment => PolicySetup {
                support: spec.support,
                support_units,
                review: Some(spec.review.clone().unwrap_or(ReviewSpec {
                    every_months: 1,
                    start_month: 1,
                    ..review
                })),
            },
            _ => PolicySetup {
                support: spec.support,
                support_units,
                review: Some(review),
            },
        }
    }
}

/// Units a policy may touch (when the entry names none, every unit but an outside pool: a
/// pool takes part only where an entry names it).
fn scope(spec: &PolicySpec, model: &Model) -> Vec<bool> {
    if spec.units.is_empty() {
        return (0..model.units.len()).map(|u| !model.is_pool(u)).collect();
    }
    model
        .units
        .iter()
        .map(|u| spec.units.contains(&u.name))
        .collect()
}

/// The guards of an entry. Hand-drafted `planned_moves` are the planner's own decision: they
/// are guarded only where the entry sets a guard field (and, like every policy, wait for the
/// end of the warm-up).
fn guard_of(spec: &PolicySpec) -> Guard {
    let g = Guard::from_spec(spec);
    if spec.kind != PolicyKind::PlannedMoves {
        return g;
    }
    Guard {
        donor_max_ej: spec.donor_max_ej.unwrap_or(f64::INFINITY),
        receiver_margin: spec.receiver_margin.unwrap_or(f64::INFINITY),
        ..g
    }
}
