//! Temporary assignments (perbantuan, tugas tambahan, piket) and the backfill of posts left
//! by transfers: a loan lends someone at once, outside the transfer pipeline, holds no post
//! at the host and ends on time or when recalled; a post a transfer empties is refilled by
//! the intake unless something filled it first.

use mutasi::scenario::PolicySpec;
use mutasi::sim::policy::{OrgView, Reason, TransferOrder, build};
use mutasi::sim::{Kpi, Metric, Model, ReplicationResult};

use crate::transfers::kit::{Scripted, logged_model, run};

/// Three units of two positions with two people each, who arrived a month ago (so no
/// transfer rule but a loan's would let them move); no demand, no absence, no exits, a
/// three-month notice for transfers.
fn office(extra: &str) -> String {
    let mut text = format!(
        r#"name = "office"
horizon_years = 1.0
{extra}
[absence]
kinds = []
[attrition]
quit_per_year = 0.0
quit_per_year_burned_out = 0.0
[transfers]
notice_months = 3.0
[transfers.resistance]
base_logit = -50.0
"#
    );
    for name in ["a", "b", "c"] {
        text.push_str(&format!(
            "[[units]]\nname = \"{name}\"\npositions = 2\nmin_years_at_post = 2\npeople = [{{ years_at_post = 0.1 }}, {{ years_at_post = 0.1 }}]\nsla_days = 2\ndemand = {{ base_per_day = 0.0 }}\nservice = {{ kind = \"exponential\", mean_hours = 0.5 }}\n"
        ));
    }
    text
}

/// What a scripted policy orders at the review of each month index.
struct Plan(Vec<Vec<TransferOrder>>);

fn scheduled(model: &Model, plan: Vec<Vec<TransferOrder>>) -> ReplicationResult {
    fn step(plan: &mut Plan, org: &OrgView<'_>, _: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        plan.0.get(org.month()).cloned().unwrap_or_default()
    }
    Scripted::new(Plan(plan), 10, step).run(model, 1, 0)
}

fn on_books(res: &ReplicationResult, unit: usize, month: usize) -> f64 {
    res.series.value(Metric::StaffAssigned, unit, month)
}

/// Person 0 of unit a, a month at post (a transfer would be blocked for two years), is lent
/// to the full unit b for six weeks at the first review: b counts three people at the next
/// month end while a counts one, both are back to two after the loan, and the loan is a
/// temporary assignment in every output, never a transfer.
#[test]
fn a_loan_lends_at_once_and_returns_on_time() {
    let model = logged_model(&office(""));
    let res = scheduled(&model, vec![vec![TransferOrder::temporary(0, 1, 6.0)]]);
    let t = &res.transfers;
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(
        (t[0].reason, t[0].outcome.as_str()),
        ("temporary_assignment", "lent")
    );
    assert!(t[0].completed, "the person reached the host the same day");
    // Six weeks (30 working days) from the end of month 0 end before the end of month 2.
    assert_eq!((on_books(&res, 0, 1), on_books(&res, 1, 1)), (1.0, 3.0));
    assert_eq!((on_books(&res, 0, 2), on_books(&res, 1, 2)), (2.0, 2.0));
    let closed = t[0].closed_hour.expect("the loan ended");
    let days = (closed - t[0].hour) / model.hours_per_day;
    assert!((days - 30.0).abs() < 1e-6, "back after {days} working days");
    assert_eq!(res.kpi(Kpi::TemporaryAssignments), 1.0);
    // Counted in the month it began (the review closing month 0 acts in month 1).
    assert_eq!(res.series.value(Metric::TemporaryAssignments, 1, 1), 1.0);
    assert_eq!(res.kpi(Kpi::TransfersDone), 0.0);
    assert_eq!(res.kpi(Kpi::TransfersOrdered), 0.0);
    res.check_all_invariants(&model)
        .expect("invariants hold with a loan");
}

/// An order sending someone on loan back to their own unit ends the loan at once; while
/// away they cannot be transferred or lent again, and a loan needs a positive period.
#[test]
fn a_recall_ends_a_loan_early_and_a_person_on_loan_stays_put() {
    let model = logged_model(&office(""));
    let home = TransferOrder::new(0, 0, Reason::Custom);
    let res = scheduled(
        &model,
        vec![
            vec![TransferOrder::temporary(0, 1, 13.0)],
            vec![
                TransferOrder::new(0, 2, Reason::Custom),
                TransferOrder::temporary(0, 2, 4.0),
                TransferOrder::temporary(2, 0, 0.0),
            ],
            vec![home],
        ],
    );
    let outcomes: Vec<&str> = res.transfers.iter().map(|t| t.outcome.as_str()).collect();
    // Loans are decided before the review's transfers: the second loan, the zero-week
    // loan, then the transfer.
    assert_eq!(
        outcomes,
        vec![
            "lent",
            "blocked:on_loan",
            "blocked:loan_period",
            "blocked:on_loan"
        ]
    );
    // At b at the end of month 1; recalled at the review closing month 2.
    assert_eq!(on_books(&res, 1, 1), 3.0);
    assert_eq!((on_books(&res, 0, 3), on_books(&res, 1, 3)), (2.0, 2.0));
    let closed = res.transfers[0].closed_hour.expect("the loan ended");
    assert!(
        closed < 13.0 * 5.0 * model.hours_per_day,
        "recalled at hour {closed}, not at the end of the 13 weeks"
    );
    res.check_all_invariants(&model).expect("invariants hold");
}

/// A transfer leaves its post to the intake (after the hiring delay): unit a, left by
/// person 0 for c, gets a new hire; with `backfill_transfers = false` it does not.
/// A swap between two full units refills both posts at once, so no hire follows it.
#[test]
fn posts_left_by_transfers_are_backfilled_unless_filled_first() {
    let hiring = |backfill: bool| {
        format!("[workforce.hiring]\ndelay_months = 1.0\nbackfill_transfers = {backfill}")
    };
    let moves = |m: &Model, orders: Vec<(u32, u32)>| {
        let orders = orders
            .into_iter()
            .map(|(s, to)| TransferOrder::new(s, to, Reason::Custom))
            .collect();
        scheduled(m, vec![Vec::new(), Vec::new(), Vec::new(), orders])
    };
    let mut with = logged_model(&office(&hiring(true)));
    with.units[2].positions = 3;
    for u in &mut with.units {
        u.min_years_at_post = 0.0;
    }
    let res = moves(&with, vec![(0, 2)]);
    assert_eq!(res.kpi(Kpi::TransfersDone), 1.0);
    assert_eq!(res.kpi(Kpi::Hires), 1.0, "the post at a is refilled");
    assert_eq!(on_books(&res, 0, 11), 2.0);

    let mut without = logged_model(&office(&hiring(false)));
    without.units[2].positions = 3;
    for u in &mut without.units {
        u.min_years_at_post = 0.0;
    }
    let res = moves(&without, vec![(0, 2)]);
    assert_eq!(res.kpi(Kpi::Hires), 0.0);
    assert_eq!(on_books(&res, 0, 11), 1.0);

    let res = moves(&with, vec![(0, 1), (2, 0)]);
    assert_eq!(res.kpi(Kpi::TransfersDone), 2.0);
    assert_eq!(
        res.kpi(Kpi::Hires),
        0.0,
        "both posts were filled by the swap"
    );
    res.check_all_invariants(&with).expect("invariants hold");
}

/// `temporary_weeks` on a policy entry turns its own moves into loans: a `planned_moves`
/// entry moving person 0 lends them instead, and they are back after the period.
#[test]
fn temporary_weeks_turns_a_policys_moves_into_loans() {
    let text = office(
        r#"baseline = "lend"
[[policies]]
name = "lend"
kind = "planned_moves"
temporary_weeks = 2
moves = [{ month = 3, from = "a", to = "b" }]
"#,
    );
    let model = logged_model(&text);
    let spec: &PolicySpec = &model.scenario.policies[0];
    let mut policy = build(spec, &model);
    let setup = mutasi::sim::policy::PolicySetup::from_spec(spec, &model);
    let res = run(&model, policy.as_mut(), &setup, 1, 0);
    let lent: Vec<_> = res
        .transfers
        .iter()
        .filter(|t| t.outcome == "lent")
        .collect();
    assert_eq!(lent.len(), 1, "{:?}", res.transfers);
    assert_eq!(lent[0].reason, "temporary_assignment");
    assert_eq!(res.kpi(Kpi::TransfersDone), 0.0);
    assert_eq!((on_books(&res, 0, 5), on_books(&res, 1, 5)), (2.0, 2.0));
}
