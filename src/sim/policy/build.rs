//! Building a policy from a scenario's `[[policies]]` entry.

use crate::scenario::{PolicyKind, PolicySpec};
use crate::sim::Model;

use super::{
    CompetenceMatch, ComplaintTriggered, Freeze, GrantRequests, NeedsBased, PeriodicRotation,
    PlannedMoves, Policy, StatusQuo,
};

/// A fresh policy (with empty state) for one replication.
pub fn build(spec: &PolicySpec, model: &Model) -> Box<dyn Policy> {
    let review = spec
        .review
        .clone()
        .unwrap_or_else(|| model.scenario.review.clone());
    let scope = scope(spec, model);
    let policy: Box<dyn Policy> = match spec.kind {
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
    };
    let policy: Box<dyn Policy> = if spec.units.is_empty() {
        policy
    } else {
        Box::new(Scoped {
            inner: policy,
            scope: self::scope(spec, model),
        })
    };
    let grants = spec.grant_requests.unwrap_or(!matches!(
        spec.kind,
        PolicyKind::Freeze | PolicyKind::StatusQuo
    ));
    if grants {
        Box::new(GrantRequests { inner: policy })
    } else {
        policy
    }
}

/// Limits a policy's support measures to the units it names.
struct Scoped {
    inner: Box<dyn Policy>,
    scope: Vec<bool>,
}

impl Policy for Scoped {
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn support(&self) -> crate::scenario::Support {
        self.inner.support()
    }
    fn support_units(&self) -> Option<Vec<bool>> {
        Some(self.scope.clone())
    }
    fn review_timing(&self) -> Option<crate::scenario::ReviewSpec> {
        self.inner.review_timing()
    }
    fn watch(&self) -> Vec<(u32, crate::scenario::Indicator, f64)> {
        self.inner.watch()
    }
    fn review(
        &mut self,
        org: &super::OrgView<'_>,
        rng: &mut dyn rand::Rng,
    ) -> Vec<super::TransferOrder> {
        self.inner.review(org, rng)
    }
    fn on_alert(
        &mut self,
        org: &super::OrgView<'_>,
        unit: u32,
        indicator: crate::scenario::Indicator,
        rng: &mut dyn rand::Rng,
    ) -> Vec<super::TransferOrder> {
        self.inner.on_alert(org, unit, indicator, rng)
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
