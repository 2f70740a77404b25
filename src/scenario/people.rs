//! Scenario sections about people: who works where at the start, how they learn, tire, fall
//! ill, leave and are replaced. Defaults cite `../shared/research/domain-brief.md` ([Rn] and
//! section numbers) or say "assumption".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One named person in a unit's explicit staff list or a roster CSV row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PersonSpec {
    /// Identifier from the organisation's records (kept in logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name (kept in logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Education/background field (default: the unit's field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Years already served at the current post.
    #[serde(default)]
    pub years_at_post: f64,
    /// Age (years).
    #[serde(default = "default_age")]
    pub age: f64,
    /// Home region (default: the unit's region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_region: Option<String>,
    /// Dispositional resistance to change, standard-normal scale (0 = average) \[R87\].
    #[serde(default)]
    pub resistance: f64,
    /// Individual speed relative to standard (1.0 = standard).
    #[serde(default = "one")]
    pub performance: f64,
    /// Years since hiring, for the new-hire transfer-request lock (default: long ago).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_of_service: Option<f64>,
}

fn default_age() -> f64 {
    40.0
}
fn one() -> f64 {
    1.0
}

/// How generated staff (a unit's `staff = N`) and new hires are drawn.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkforceSpec {
    /// Age range of generated staff, uniform (years). Assumption.
    #[serde(default = "default_age_range")]
    pub age_range: [f64; 2],
    /// Initial years at post of generated staff, uniform on [0, this] (years). Assumption
    /// (spread over the 2-5 year rotation window of PP 11/2017 \[R6\]).
    #[serde(default = "default_initial_years_at_post_max")]
    pub initial_years_at_post_max: f64,
    /// Standard deviation of individual performance around 1.0. Assumption.
    #[serde(default = "default_performance_sd")]
    pub performance_sd: f64,
    /// Standard deviation of the resistance trait (standard-normal scale \[R87\]).
    #[serde(default = "one")]
    pub resistance_sd: f64,
    /// Retirement age (years): BUP 58 for most PNS (assumption; brief section 6.1).
    #[serde(default = "default_retirement_age")]
    pub retirement_age: f64,
    /// New hires may not request a transfer for this many years (PermenPANRB 36/2018 etc.
    /// \[R16\]\[R18\]).
    #[serde(default = "default_new_hire_lock_years")]
    pub new_hire_lock_years: f64,
    /// Recruitment of replacements.
    #[serde(default)]
    pub hiring: HiringSpec,
}

fn default_age_range() -> [f64; 2] {
    [25.0, 55.0]
}
fn default_initial_years_at_post_max() -> f64 {
    5.0
}
fn default_performance_sd() -> f64 {
    0.1
}
fn default_retirement_age() -> f64 {
    58.0
}
fn default_new_hire_lock_years() -> f64 {
    10.0
}

impl Default for WorkforceSpec {
    fn default() -> Self {
        WorkforceSpec {
            age_range: default_age_range(),
            initial_years_at_post_max: default_initial_years_at_post_max(),
            performance_sd: default_performance_sd(),
            resistance_sd: one(),
            retirement_age: default_retirement_age(),
            new_hire_lock_years: default_new_hire_lock_years(),
            hiring: HiringSpec::default(),
        }
    }
}

/// Replacement of people who leave the organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HiringSpec {
    /// Whether vacancies left by exits are filled at all.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Months from an exit (or from the recruitment month) to the new hire's first day.
    /// Assumption.
    #[serde(default = "default_hiring_delay")]
    pub delay_months: f64,
    /// Calendar month (1-12) of the annual intake; 0 = continuous replacement.
    #[serde(default)]
    pub recruitment_month: u8,
    /// Age range of new hires (years). Assumption.
    #[serde(default = "default_hire_age")]
    pub age_range: [f64; 2],
    /// Field mix of new hires (weights by field); empty = the unit's own field.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, f64>,
}

fn yes() -> bool {
    true
}
fn default_hiring_delay() -> f64 {
    6.0
}
fn default_hire_age() -> [f64; 2] {
    [23.0, 30.0]
}

impl Default for HiringSpec {
    fn default() -> Self {
        HiringSpec {
            enabled: true,
            delay_months: default_hiring_delay(),
            recruitment_month: 0,
            age_range: default_hire_age(),
            fields: BTreeMap::new(),
        }
    }
}

/// Fit between a person's field and a unit's field.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompetenceSpec {
    /// Pairs of related fields (symmetric), e.g. `[["adminduk", "public_service"]]`.
    #[serde(default)]
    pub related: Vec<[String; 2]>,
    /// Fit of a related field (same field = 1.0). Assumption (partial fit, brief 6.1).
    #[serde(default = "default_related_fit")]
    pub related_fit: f64,
    /// Fit of an unrelated field. Assumption (brief 6.3: mismatched teachers start at 0.5).
    #[serde(default = "default_unrelated_fit")]
    pub unrelated_fit: f64,
    /// Productivity bonus per extra distinct field served (rotation builds breadth \[R66\]).
    #[serde(default = "default_breadth_bonus")]
    pub breadth_bonus_per_field: f64,
    /// Cap of the breadth bonus: +5 % after rotation for high performers \[R66\] (assumption).
    #[serde(default = "default_breadth_cap")]
    pub breadth_bonus_cap: f64,
    /// Only people whose individual performance (1 = average) is at least this gain the
    /// breadth bonus: \[R66\] finds the gain among high performers and none among low ones.
    /// 0 gives it to everyone.
    #[serde(default = "one")]
    pub breadth_bonus_min_performance: f64,
}

fn default_related_fit() -> f64 {
    0.85
}
fn default_unrelated_fit() -> f64 {
    0.6
}
fn default_breadth_bonus() -> f64 {
    0.025
}
fn default_breadth_cap() -> f64 {
    0.05
}

impl Default for CompetenceSpec {
    fn default() -> Self {
        CompetenceSpec {
            related: Vec::new(),
            related_fit: default_related_fit(),
            unrelated_fit: default_unrelated_fit(),
            breadth_bonus_per_field: default_breadth_bonus(),
            breadth_bonus_cap: default_breadth_cap(),
            breadth_bonus_min_performance: 1.0,
        }
    }
}

/// The learning ramp after arriving at a unit: `1 - (1 - r0) exp(-t / tau)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearningSpec {
    /// Starting productivity share for a newcomer to the field: 0.55 (brief 6.1, assumption
    /// bracketed by \[R75\]\[R78\]\[R81b\]).
    #[serde(default = "default_r0")]
    pub r0: f64,
    /// Starting share when the person's field is unrelated ("alih fungsi"): 0.5 (brief 6.3).
    #[serde(default = "default_r0_unrelated")]
    pub r0_unrelated: f64,
    /// Starting share after training before the move: 0.7 (brief 6.2, policy P2).
    #[serde(default = "default_r0_trained")]
    pub r0_trained: f64,
    /// Time constant (months): 2.5 (brief 6.1).
    #[serde(default = "default_tau")]
    pub tau_months: f64,
    /// Multipliers of tau for same / related / unrelated field: 0.7 / 1.0 / 1.6 (brief 6.1).
    #[serde(default = "default_tau_factors")]
    pub tau_factor_by_fit: [f64; 3],
    /// Share of field experience kept per month away: 0.90 (brief 6.1, \[R81b\]).
    #[serde(default = "default_retention")]
    pub retention_per_month: f64,
}

fn default_r0() -> f64 {
    0.55
}
fn default_r0_unrelated() -> f64 {
    0.5
}
fn default_r0_trained() -> f64 {
    0.7
}
fn default_tau() -> f64 {
    2.5
}
fn default_tau_factors() -> [f64; 3] {
    [0.7, 1.0, 1.6]
}
fn default_retention() -> f64 {
    0.9
}

impl Default for LearningSpec {
    fn default() -> Self {
        LearningSpec {
            r0: default_r0(),
            r0_unrelated: default_r0_unrelated(),
            r0_trained: default_r0_trained(),
            tau_months: default_tau(),
            tau_factor_by_fit: default_tau_factors(),
            retention_per_month: default_retention(),
        }
    }
}

/// One kind of absence spell (leave, sickness, duties away from the desk).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceKind {
    /// Name, for documentation.
    pub name: String,
    /// Working days absent per year on average.
    pub days_per_year: f64,
    /// Mean length of one spell (working days).
    pub spell_days: f64,
}

/// Absence: spells during which a person serves no case. The defaults total 53 days a year,
/// an availability of 0.78 (brief 6.1: 25-30 % allowance \[R26\]\[R29\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceSpec {
    /// The kinds of spell.
    #[serde(default = "default_absence_kinds")]
    pub kinds: Vec<AbsenceKind>,
}

fn default_absence_kinds() -> Vec<AbsenceKind> {
    vec![
        AbsenceKind {
            name: "annual_leave".into(),
            days_per_year: 12.0,
            spell_days: 4.0,
        },
        AbsenceKind {
            name: "sickness".into(),
            days_per_year: 4.0,
            spell_days: 2.0,
        },
        AbsenceKind {
            name: "duties_and_training".into(),
            days_per_year: 37.0,
            spell_days: 1.0,
        },
    ]
}

impl Default for AbsenceSpec {
    fn default() -> Self {
        AbsenceSpec {
            kinds: default_absence_kinds(),
        }
    }
}

impl AbsenceSpec {
    /// Expected share of working time present (1 - absent days / days per year).
    pub fn availability(&self, days_per_year: f64, factor: f64) -> f64 {
        let absent: f64 = self.kinds.iter().map(|k| k.days_per_year).sum::<f64>() * factor;
        (1.0 - absent / days_per_year).clamp(0.0, 1.0)
    }
}

/// Stress from one's own utilization, and burnout.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StressSpec {
    /// Utilization above which stress builds: 0.85 (brief 6.1, assumption).
    #[serde(default = "default_util_threshold")]
    pub utilization_threshold: f64,
    /// Stress gained per month per unit of utilization above the threshold. Assumption:
    /// about 7 months at full load to burn out.
    #[serde(default = "default_rise")]
    pub rise_per_month: f64,
    /// Stress lost per month when below the threshold. Assumption.
    #[serde(default = "default_recovery")]
    pub recovery_per_month: f64,
    /// Stress level at which a person burns out. Assumption.
    #[serde(default = "one")]
    pub burnout_threshold: f64,
    /// Stress level below which a burned-out person recovers. Assumption.
    #[serde(default = "default_recovered_below")]
    pub recovered_below: f64,
    /// Productivity multiplier while burned out. Assumption (moderate effect, \[R105\]).
    #[serde(default = "default_burnout_productivity")]
    pub burnout_productivity: f64,
}

fn default_util_threshold() -> f64 {
    0.85
}
fn default_rise() -> f64 {
    1.0
}
fn default_recovery() -> f64 {
    0.05
}
fn default_recovered_below() -> f64 {
    0.5
}
fn default_burnout_productivity() -> f64 {
    0.8
}

impl Default for StressSpec {
    fn default() -> Self {
        StressSpec {
            utilization_threshold: default_util_threshold(),
            rise_per_month: default_rise(),
            recovery_per_month: default_recovery(),
            burnout_threshold: one(),
            recovered_below: default_recovered_below(),
            burnout_productivity: default_burnout_productivity(),
        }
    }
}

/// Voluntary exits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttritionSpec {
    /// Annual resignation probability when not burned out: 0.03 (brief 6.1, realised rate
    /// for tenured PNS, assumption below the 0.11 intention of \[R106\]).
    #[serde(default = "default_quit")]
    pub quit_per_year: f64,
    /// Annual resignation probability when burned out: 0.15 (brief 6.1; \[R106\] intention 0.43).
    #[serde(default = "default_quit_burned_out")]
    pub quit_per_year_burned_out: f64,
}

fn default_quit() -> f64 {
    0.03
}
fn default_quit_burned_out() -> f64 {
    0.15
}

impl Default for AttritionSpec {
    fn default() -> Self {
        AttritionSpec {
            quit_per_year: default_quit(),
            quit_per_year_burned_out: default_quit_burned_out(),
        }
    }
}

/// Morale: knocked down by contested transfers, recovering slowly.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoraleSpec {
    /// Morale lost on appealing an order (morale runs 0..1). Assumption.
    #[serde(default = "default_appeal_drop")]
    pub appeal_drop: f64,
    /// Morale lost on refusing an order. Assumption.
    #[serde(default = "default_refusal_drop")]
    pub refusal_drop: f64,
    /// Morale regained per month. Assumption.
    #[serde(default = "default_morale_recovery")]
    pub recovery_per_month: f64,
    /// Productivity lost at zero morale (productivity x (1 - weight x (1 - morale))).
    /// Assumption: \[R71\] finds only an indirect effect of transfers via satisfaction.
    #[serde(default = "default_morale_weight")]
    pub productivity_weight: f64,
}

fn default_appeal_drop() -> f64 {
    0.1
}
fn default_refusal_drop() -> f64 {
    0.2
}
fn default_morale_recovery() -> f64 {
    0.02
}
fn default_morale_weight() -> f64 {
    0.2
}

impl Default for MoraleSpec {
    fn default() -> Self {
        MoraleSpec {
            appeal_drop: default_appeal_drop(),
            refusal_drop: default_refusal_drop(),
            recovery_per_month: default_morale_recovery(),
            productivity_weight: default_morale_weight(),
        }
    }
}
