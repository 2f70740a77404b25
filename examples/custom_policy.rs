//! A user-written policy compared with the built-ins of the Arcamanik scenario.
//!
//! `CounterFirst` watches the adminduk counter: whenever its SLA compliance over the last two
//! months falls below 80 %, it moves the best-fitting eligible person from the least busy
//! unit to the counter. Run with `cargo run --release --example custom_policy`.

use mutasi::experiment::Experiment;
use mutasi::sim::Kpi;
use mutasi::sim::policy::{Indicator, OrgView, Policy, Reason, TransferOrder};

struct CounterFirst {
    counter: u32,
}

impl Policy for CounterFirst {
    fn review(
        &mut self,
        org: &OrgView<'_>,
        _rng: &mut dyn mutasi::rand::Rng,
    ) -> Vec<TransferOrder> {
        let sla = org.mean_indicator(self.counter, Indicator::SlaCompliance, 2);
        // No data yet (NaN) or good enough: nothing to do.
        if sla.is_nan() || sla >= 0.8 {
            return Vec::new();
        }
        let busy = |u: u32| org.mean_indicator(u, Indicator::Utilization, 2);
        let donor = org
            .units()
            .filter(|u| u.id != self.counter && u.assigned > 1)
            .min_by(|a, b| busy(a.id).total_cmp(&busy(b.id)));
        let Some(donor) = donor else {
            return Vec::new();
        };
        org.staff_of(donor.id)
            .filter(|p| org.may_move(p.id, self.counter))
            .max_by(|a, b| {
                org.fit(a.field, self.counter)
                    .total_cmp(&org.fit(b.field, self.counter))
            })
            .map(|p| TransferOrder {
                staff: p.id,
                to_unit: self.counter,
                reason: Reason::Custom,
                train_first: true,
                temporary_weeks: None,
            })
            .into_iter()
            .collect()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (scenario, _) = mutasi::scenario::load("arcamanik", &[])?;
    let counter = scenario
        .units
        .iter()
        .position(|u| u.name == "adminduk")
        .ok_or("the scenario has no adminduk unit")? as u32;
    let result = Experiment::new(&scenario)?
        .policy("counter_first", move |_model| CounterFirst { counter })
        .replications(30)
        .run()?;
    println!(
        "{:<22} {:>22} {:>14}",
        "policy", "resolution (days)", "complaints"
    );
    for p in &result.policies {
        let r = p.summary(Kpi::ResolutionDaysMean);
        let c = p.summary(Kpi::Complaints);
        println!(
            "{:<22} {:>8.3} [{:.3}, {:.3}] {:>14.0}",
            p.name, r.mean, r.ci95_low, r.ci95_high, c.mean
        );
    }
    Ok(())
}
