//! Contract staff (honorer, GTT/PTT, PPPK): never moved by a mutasi policy, contracts that
//! end each year and are renewed or not, refilled by contract hiring, their own cost, and
//! their share in the outputs.

use mutasi::sim::{Kpi, Metric};

use crate::support::{FAMILY_LEVEL, assert_mean_matches, model, replication, scenario_from_toml};

/// Nothing but the contracts changes the staff: no absence, stress, resignations,
/// retirements (everyone young) or requests.
const QUIET: &str = r#"
[absence]
kinds = []
[stress]
sustainable_load = 3.0
full_strain_load = 4.0
burnout_base_per_year = 0.0
[workpace]
speedup_max = 0.0
overtime_hours_per_week = 0.0
[attrition]
quit_per_year = 0.0
quit_per_year_burned_out = 0.0
[transfers.resistance]
base_logit = -50.0
[transfers.requests]
base_per_year = 0.0
per_remoteness = 0.0
per_stress = 0.0
"#;

/// A planner asks for six moves out of a unit of four civil servants and four contract
/// staff: only the four civil servants move, and the contract staff stay.
#[test]
fn contract_staff_are_never_moved() {
    let person = |category: &str| {
        format!("{{ years_at_post = 3.0, age = 30.0, category = \"{category}\" }}")
    };
    let mut list: Vec<String> = (0..4).map(|_| person("civil_servant")).collect();
    list.extend((0..4).map(|_| person("contract")));
    let text = format!(
        r#"name = "plan"
baseline = "plan"
horizon_years = 1.0
{QUIET}
[transfers]
notice_months = 0.5

[workforce.contracts]
renewal_per_year = 1.0
[workforce.hiring]
backfill_transfers = false

[[policies]]
name = "plan"
kind = "planned_moves"
moves = [{{ month = 3, from = "a", to = "b", count = 6 }}]

[[units]]
name = "a"
positions = 8
people = [{}]
sla_days = 5
demand = {{ base_per_day = 0.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}

[[units]]
name = "b"
positions = 10
people = [{{ age = 30.0 }}, {{ age = 30.0 }}]
sla_days = 5
demand = {{ base_per_day = 0.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}
"#,
        list.join(", ")
    );
    let model = model(&scenario_from_toml(&text));
    let r = replication(&model, 3, 0);
    assert_eq!(r.kpi(Kpi::TransfersDone), 4.0);
    let last = model.months - 1;
    assert_eq!(r.series.value(Metric::StaffAssigned, 0, last), 4.0);
    assert_eq!(r.series.value(Metric::StaffAssigned, 1, last), 6.0);
    assert_eq!(r.series.value(Metric::StaffContract, 0, last), 4.0);
    assert_eq!(r.series.value(Metric::StaffContract, 1, last), 0.0);
}

fn contract_unit(renewal: f64, delay_months: f64, monthly_rp: f64) -> String {
    format!(
        r#"name = "contracts"
horizon_years = 5.0
warmup_years = 1.0
{QUIET}
[workforce]
age_range = [25.0, 30.0]

[workforce.contracts]
renewal_per_year = {renewal:?}
hiring_delay_months = {delay_months:?}

[costs]
contract_monthly_rp = {monthly_rp:?}

[[units]]
name = "school"
positions = 40
staff = 40
contract_share = 0.5
sla_days = 5
demand = {{ base_per_day = 1.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}
"#
    )
}

/// With contracts refilled at once, half the unit stays on contract, every month; each
/// contract reaches one yearly end a year and is not renewed with probability 1 - renewal,
/// so 20 contract staff at renewal 0.8 give 4 ends a year; their pay is the monthly rate per
/// contract person-month, and the civil servants' is the salary per person-month.
#[test]
fn contracts_end_at_the_renewal_rate_and_are_refilled_by_contract_hiring() {
    let (renewal, rp) = (0.8, 1_500_000.0);
    let model = model(&scenario_from_toml(&contract_unit(renewal, 0.0, rp)));
    let years = model.scenario.horizon_years - model.scenario.warmup_years;
    let runs: Vec<_> = (0..40).map(|i| replication(&model, 11, i)).collect();
    let measured_months = (model.months - model.first_measured_month) as f64;
    for r in &runs {
        assert_eq!(
            r.kpi(Kpi::ContractShare),
            0.5,
            "contract posts stay contract posts"
        );
        assert_eq!(r.kpi(Kpi::CostContract), rp * 20.0 * measured_months);
        // The 20 civil servants never leave: their salaries are paid every month, and
        // with no move, allowance or overtime the total is the two payrolls.
        let salary = model.scenario.costs.monthly_salary_rp;
        assert_eq!(r.kpi(Kpi::CostSalaries), salary * 20.0 * measured_months);
        assert_eq!(
            r.kpi(Kpi::CostTotal),
            r.kpi(Kpi::CostContract) + r.kpi(Kpi::CostSalaries)
        );
        assert_eq!(r.kpi(Kpi::Attrition), 0.0);
        assert_eq!(r.kpi(Kpi::Retirements), 0.0);
        // Every contract end (at a month end) was refilled at once, by a contract hire
        // counted in the next month (those at the horizon's last instant may be left out).
        let total = |metric: Metric, months: std::ops::Range<usize>| -> f64 {
            months.map(|m| r.series.value(metric, 0, m)).sum()
        };
        let hires = total(Metric::Hires, 1..model.months);
        let ends_before_last = total(Metric::Exits, 0..model.months - 1);
        assert!(ends_before_last > 0.0);
        assert!(
            ends_before_last <= hires && hires <= total(Metric::Exits, 0..model.months),
            "hires {hires}, contract ends {ends_before_last} before the last month"
        );
    }
    let ends: Vec<f64> = runs
        .iter()
        .map(|r| r.kpi(Kpi::ContractEnds) / years)
        .collect();
    let want = 20.0 * (1.0 - renewal);
    assert_mean_matches(
        "contract ends per year",
        &ends,
        want,
        FAMILY_LEVEL,
        0.15 * want,
    );
}

/// A contract post stays empty for the contract hiring delay. A contract ends at a month end
/// (after that month's headcount is taken) and, with 2.5 months' delay, its successor starts
/// before the third month end: the post is missing from two month-end headcounts. With 20
/// contract posts and 20 % of contracts ending a year, the mean shortfall E solves
/// E = (20 - E) x 0.2 / 12 x 2.
#[test]
fn contract_hiring_delay_leaves_posts_empty_for_that_long() {
    let model = model(&scenario_from_toml(&contract_unit(0.8, 2.5, 0.0)));
    let first = model.first_measured_month;
    let runs: Vec<_> = (0..40).map(|i| replication(&model, 12, i)).collect();
    let missing: Vec<f64> = runs
        .iter()
        .map(|r| {
            let months = first..model.months;
            let n = months.len() as f64;
            months
                .map(|m| 40.0 - r.series.value(Metric::StaffAssigned, 0, m))
                .sum::<f64>()
                / n
        })
        .collect();
    let k = 0.2 / 12.0 * 2.0;
    let want = 20.0 * k / (1.0 + k);
    assert_mean_matches(
        "contract posts empty (people)",
        &missing,
        want,
        FAMILY_LEVEL,
        0.3 * want,
    );
}

/// `requires = ["doctor"]`: the share of unit-months ending with no doctor present. A unit
/// with no doctor at all misses one every month, one with a doctor never does (absence off);
/// with absence on, a lone doctor is missing at a month end about as often as the doctor's
/// share of time absent.
#[test]
fn required_profession_missing_share() {
    let unit = |name: &str, people: &str| {
        format!(
            "[[units]]\nname = \"{name}\"\nfield = \"health\"\nrequires = [\"doctor\"]\npositions = 3\npeople = {people}\nsla_days = 5\ndemand = {{ base_per_day = 0.0 }}\nservice = {{ kind = \"exponential\", mean_hours = 1.0 }}\n"
        )
    };
    let doctor = "{ field = \"doctor\", age = 30.0 }";
    let nurse = "{ field = \"nurse\", age = 30.0 }";
    let text = format!(
        "name = \"pkm\"\nhorizon_years = 2.0\n{QUIET}\n{}{}",
        unit("with", &format!("[{doctor}, {nurse}]")),
        unit("without", &format!("[{nurse}, {nurse}]"))
    );
    let r = replication(&model(&scenario_from_toml(&text)), 1, 0);
    assert_eq!(r.kpi(Kpi::RequiredMissing), 0.5);

    let text = format!(
        "name = \"pkm\"\nhorizon_years = 20.0\n{}\n{}",
        QUIET.replace("[absence]\nkinds = []\n", ""),
        unit("lone", &format!("[{doctor}]"))
    );
    let model = model(&scenario_from_toml(&text));
    let gap: Vec<f64> = (0..40)
        .map(|i| {
            let r = replication(&model, 2, i);
            r.kpi(Kpi::RequiredMissing) - r.kpi(Kpi::AbsenceRate)
        })
        .collect();
    assert_mean_matches(
        "doctor missing at month ends minus doctor's absence share",
        &gap,
        0.0,
        FAMILY_LEVEL,
        0.03,
    );
}

/// A hire into a unit whose required profession has left is of that profession, whatever
/// the hiring mix (here all nurses): the lone doctor retires at the end of the first month,
/// the replacement starts six months later (the default delay), and from then on a doctor is
/// present again. A nurse hire would leave the unit without a doctor for 23 of 24 months.
#[test]
fn a_hire_goes_to_the_missing_required_profession_first() {
    let text = format!(
        "name = \"pkm\"\nhorizon_years = 2.0\n{QUIET}\n[[units]]\nname = \"pkm\"\nfield = \"health\"\nrequires = [\"doctor\"]\nhire_fields = {{ nurse = 1.0 }}\npositions = 2\npeople = [{{ field = \"doctor\", age = 57.95 }}, {{ field = \"nurse\", age = 30.0 }}]\nsla_days = 5\ndemand = {{ base_per_day = 0.0 }}\nservice = {{ kind = \"exponential\", mean_hours = 1.0 }}\n"
    );
    let r = replication(&model(&scenario_from_toml(&text)), 1, 0);
    assert_eq!(r.kpi(Kpi::Retirements), 1.0);
    assert_eq!(r.kpi(Kpi::Hires), 1.0);
    let missing = r.kpi(Kpi::RequiredMissing);
    assert!(
        (4.0 / 24.0..=7.0 / 24.0).contains(&missing),
        "months without a doctor: {:.1} of 24",
        missing * 24.0
    );
}

/// Teachers against the student-teacher standard: two schools of 100 students at 20 per
/// teacher (5 teachers each by the standard), one with 4 teachers and one with 6, nobody
/// leaving: every month one school of two is over the standard ratio, and both are 20 % off
/// the standard's teachers. A unit without students is left out (both 0 with no school).
#[test]
fn students_per_teacher_against_the_standard() {
    let school = |name: &str, n: usize| {
        let people = vec!["{ age = 30.0 }"; n].join(", ");
        format!(
            "[[units]]\nname = \"{name}\"\nfield = \"education\"\nstudents = 100\nstudents_per_teacher = 20\npositions = 8\npeople = [{people}]\nsla_days = 5\ndemand = {{ base_per_day = 0.0 }}\nservice = {{ kind = \"exponential\", mean_hours = 1.0 }}\n"
        )
    };
    let office = "[[units]]\nname = \"office\"\npositions = 1\npeople = [{ age = 30.0 }]\nsla_days = 5\ndemand = { base_per_day = 0.0 }\nservice = { kind = \"exponential\", mean_hours = 1.0 }\n";
    let text = format!(
        "name = \"schools\"\nhorizon_years = 2.0\n{QUIET}\n{}{}{office}",
        school("short", 4),
        school("excess", 6)
    );
    let r = replication(&model(&scenario_from_toml(&text)), 1, 0);
    assert_eq!(r.kpi(Kpi::StudentRatioOverStandard), 0.5);
    assert!((r.kpi(Kpi::TeacherGapVsStandard) - 0.2).abs() < 1e-12);

    let text = format!("name = \"office\"\nhorizon_years = 1.0\n{QUIET}\n{office}");
    let r = replication(&model(&scenario_from_toml(&text)), 1, 0);
    assert_eq!(r.kpi(Kpi::StudentRatioOverStandard), 0.0);
    assert_eq!(r.kpi(Kpi::TeacherGapVsStandard), 0.0);
}

/// Teachers by subject group against the standard: two schools of 100 students at 20 per
/// teacher (5 teachers each), science 60 % and language 40 % of them (3 and 2). One has 4
/// science teachers and 1 language teacher: the right total, but one language teacher
/// missing, which its spare science teacher does not cover; the other has 3 and 2. Nobody
/// leaves, so every month 1 teacher of the 10 the standard gives is missing.
#[test]
fn teachers_missing_by_subject_are_not_covered_by_another_subject() {
    let school = |name: &str, science: usize, language: usize| {
        let mut people = vec!["{ age = 30.0, field = \"science\" }"; science];
        people.extend(vec!["{ age = 30.0, field = \"language\" }"; language]);
        format!(
            "[[units]]\nname = \"{name}\"\nfield = \"education\"\nstudents = 100\nstudents_per_teacher = 20\nsubject_need = {{ science = 0.6, language = 0.4 }}\npositions = 8\npeople = [{}]\nsla_days = 5\ndemand = {{ base_per_day = 0.0 }}\nservice = {{ kind = \"exponential\", mean_hours = 1.0 }}\n",
            people.join(", ")
        )
    };
    let text = format!(
        "name = \"subjects\"\nhorizon_years = 2.0\n{QUIET}\n{}{}",
        school("lopsided", 4, 1),
        school("matched", 3, 2)
    );
    let r = replication(&model(&scenario_from_toml(&text)), 1, 0);
    assert_eq!(
        r.kpi(Kpi::TeacherGapVsStandard),
        0.0,
        "totals at the standard"
    );
    assert!((r.kpi(Kpi::SubjectGapVsStandard) - 0.1).abs() < 1e-12);
}
