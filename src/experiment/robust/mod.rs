//! Robustness to what we do not know: the scenario's assumed parameters are sampled over
//! their `[uncertainty]` ranges (a Latin hypercube), every policy runs at every point on the
//! same random numbers, and the points say how often each policy is best, which assumption
//! moves each difference with the baseline, and where the best policy changes.
//!
//! [`RobustStudy`] sets up and runs a study on the experiment layer (threads, common random
//! numbers, stop flag, shards); [`merge_robust`] joins shards; the functions of
//! [`analysis`](self) turn the points into the rows of `robust.csv` and `sensitivity.csv`
//! and the verdicts of the brief. The method is described in `docs/robust.md`.

mod analysis;
mod design;
mod parts;
mod run;

pub use analysis::{
    BOOTSTRAP_RESAMPLES, Flip, PointTable, RobustRow, SensitivityRow, UnknownKpi, Verdict,
    comparison_name, curves, most_influential, robust_rows, sensitivity_rows, verdicts,
};
pub use design::{design_values, latin_hypercube, point_scenario};
pub use parts::{PartsError, StudyDifference, merge_robust};
pub use run::{
    MAX_POINTS, PointResult, ROBUST_FORMAT, RobustError, RobustMeta, RobustRun, RobustSettings,
    RobustStudy,
};

use crate::scenario::Scenario;
use crate::sim::Kpi;

/// The KPIs a study analyses unless told otherwise: the organisation-wide KPIs among the
/// scenario's `[report]` headlines, else the default headline set
/// ([`HEADLINE_KPIS`](super::HEADLINE_KPIS)). Headlines measured at a unit or over a group
/// are not analysed by a study (its points keep organisation-wide KPIs only).
pub fn headline_kpis(scenario: &Scenario) -> Vec<Kpi> {
    let own: Vec<Kpi> = scenario
        .report
        .headline
        .iter()
        .filter(|h| !h.is_located())
        .filter_map(|h| Kpi::from_name(&h.kpi))
        .collect();
    if own.is_empty() {
        super::HEADLINE_KPIS.to_vec()
    } else {
        own
    }
}
