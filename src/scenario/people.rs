//! Scenario sections about people: who works where at the start, how they learn, tire, fall
//! ill, leave and are replaced. Defaults cite `docs/sources.md` (\[Rn\] and the
//! brief's default tables) or say "assumption".

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
    /// Years already served at the current post. Left out: the person is experienced at the
    /// post (no learning ramp) and their years at post are drawn like generated staff's, on
    /// `[0, workforce.initial_years_at_post_max]`. Given: the person is on the learning ramp
    /// from the day they arrived (so a small value means someone still learning the post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_at_post: Option<f64>,
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
    /// Employment category: `civil_servant` (PNS, moved by mutasi) or `contract`
    /// (honorer, GTT/PTT, PPPK: never moved; see `[workforce.contracts]`).
    #[serde(default, skip_serializing_if = "StaffCategory::is_civil_servant")]
    pub category: StaffCategory,
}

/// Employment category of a person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffCategory {
    /// A civil servant (PNS): subject to mutasi, retirement and resignation.
    #[default]
    CivilServant,
    /// Non-civil-servant staff (honorer, GTT/PTT, PPPK): bound to their unit by a contract
    /// that ends every year and is renewed or not; never moved by a mutasi policy.
    Contract,
}

impl StaffCategory {
    /// True for a civil servant.
    pub fn is_civil_servant(&self) -> bool {
        *self == StaffCategory::CivilServant
    }
    /// Name in scenario files and rosters.
    pub fn name(self) -> &'static str {
        match self {
            StaffCategory::CivilServant => "civil_servant",
            StaffCategory::Contract => "contract",
        }
    }
    /// The category with that name.
    pub fn from_name(name: &str) -> Option<StaffCategory> {
        [StaffCategory::CivilServant, StaffCategory::Contract]
            .into_iter()
            .find(|c| c.name() == name)
    }
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
    /// Age range of generated staff, uniform (years). Default: from the youngest hiring age
    /// to the unit's retirement age, so retirements flow from the first year as in an office
    /// whose ages are spread over a working life. Assumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_range: Option<[f64; 2]>,
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
    /// Retirement age (batas usia pensiun, years): 58 for administrative posts and functional
    /// posts up to *ahli muda* (PP 11/2017 Pasal 239 \[R171\]). Units of teachers (60, UU 14/2005
    /// Pasal 30(4) \[R172\]) or senior functional posts (60 or 65) set their own
    /// `retirement_age`.
    #[serde(default = "default_retirement_age")]
    pub retirement_age: f64,
    /// New hires may not request a transfer for this many years (PermenPANRB 36/2018 etc.
    /// \[R16\]\[R18\]).
    #[serde(default = "default_new_hire_lock_years")]
    pub new_hire_lock_years: f64,
    /// Recruitment of replacements.
    #[serde(default)]
    pub hiring: HiringSpec,
    /// Contract staff (a unit's `contract_share`, people with `category = "contract"`).
    #[serde(default)]
    pub contracts: ContractSpec,
}

/// Non-civil-servant staff on yearly contracts (honorer, GTT/PTT, PPPK).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractSpec {
    /// Probability that a contract is renewed at its yearly end, in [0, 1]; a contract not
    /// renewed is an exit, refilled by the unit's contract hiring. Assumption (default 0.9,
    /// plausible range 0.8-0.98: honorer and GTT are usually kept from year to year, PPPK
    /// contracts run 1-5 years).
    #[serde(default = "default_renewal")]
    pub renewal_per_year: f64,
    /// Months from a contract exit to the replacement's first day (contract staff are hired
    /// by the unit, without the civil-service intake). Assumption (default 2, range 1-6).
    #[serde(default = "default_contract_delay")]
    pub hiring_delay_months: f64,
}

fn default_renewal() -> f64 {
    0.9
}
fn default_contract_delay() -> f64 {
    2.0
}

impl Default for ContractSpec {
    fn default() -> Self {
        ContractSpec {
            renewal_per_year: default_renewal(),
            hiring_delay_months: default_contract_delay(),
        }
    }
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
            age_range: None,
            initial_years_at_post_max: default_initial_years_at_post_max(),
            performance_sd: default_performance_sd(),
            resistance_sd: one(),
            retirement_age: default_retirement_age(),
            new_hire_lock_years: default_new_hire_lock_years(),
            hiring: HiringSpec::default(),
            contracts: ContractSpec::default(),
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
    /// Whether a post left by a transfer (mutasi) enters the intake like one left by an exit:
    /// the formation plan counts every unfilled post, whatever emptied it (\[R31\]). The hire
    /// is dropped if the post was filled meanwhile (by an arrival or an exchange). Default on.
    #[serde(default = "yes")]
    pub backfill_transfers: bool,
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
            backfill_transfers: true,
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
    /// Unit fields in which rotation between posts (jabatan) of the same field builds breadth:
    /// at a unit of one of these fields every earlier post in that field counts like an extra
    /// field served, e.g. `["health"]` for the health office's rotation "to learn and grow
    /// in different positions". Empty (default): only distinct fields count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breadth_across_posts: Vec<String>,
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
            breadth_across_posts: Vec::new(),
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

/// Stress and burnout. A person's monthly **load** is the share of their present time spent
/// working (weighted by the pace of any speed-up and overtime) over the share a person at the
/// workload regulation's standard works: the effective FTE year
/// (`workload.effective_hours_per_fte_year`, 1,250 h \[R32\]\[R31\]) over the hours a person is
/// present in a year (working hours less the organisation's absence days). A load of 1.0 is
/// exactly the standard of the workload analysis (ABK), so a unit at EJ up to 1.0 ("Baik",
/// sustainable \[R33\]) builds no strain, and a month without leave is no heavier than one with
/// it. **Strain** rises linearly from 0 at `sustainable_load` to 1 at `full_strain_load`;
/// **stress**, on [0, 1], follows strain with separate time constants for rising and
/// recovering (a leaky integrator), so it measures sustained overload and can never ratchet
/// beyond 1. **Burnout** is a risk, not a threshold: a monthly hazard whose odds grow with
/// sustained overload by the one sourced effect size (Aiken et al. 2002 \[R106\]: OR 1.23 per
/// extra patient per nurse, mapped to +20 % load), and a burned-out person recovers at a rate
/// that falls with their stress.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StressSpec {
    /// Load (busy share of present time x pace, over the ABK standard share) up to which no
    /// strain builds: 1.0, the ABK standard (EJ <= 1.0 is graded sustainable \[R33\]). Range
    /// 0.9-1.1.
    #[serde(default = "one")]
    pub sustainable_load: f64,
    /// Load at which strain is full: 1.3. Assumption (range 1.15-1.6): about the most a
    /// person can work with the overtime cap and the speed-up of `[workpace]`.
    #[serde(default = "default_full_strain_load")]
    pub full_strain_load: f64,
    /// Months for stress to close 63 % of the gap when strain is above it: 3. Assumption
    /// (range 1-6): burnout predictors act with a short latency \[R105\].
    #[serde(default = "default_rise_months")]
    pub rise_months: f64,
    /// Months for stress to close 63 % of the gap when strain is below it: 6. Assumption
    /// (range 2-12).
    #[serde(default = "default_recovery_months")]
    pub recovery_months: f64,
    /// Productivity lost at full stress (fatigue): 0.05. Assumption (range 0-0.15): sustained
    /// overwork lowers the service rate (KC & Terwiesch 2009 \[R173\]; Berry Jaeker & Tucker
    /// 2017 \[R174\]).
    #[serde(default = "default_fatigue")]
    pub fatigue: f64,
    /// Annual burnout incidence with no sustained overload: 0.02. Assumption (range
    /// 0.005-0.05): burnout has causes besides workload, whose predictors are weak \[R105\].
    #[serde(default = "default_burnout_base")]
    pub burnout_base_per_year: f64,
    /// Odds ratio of burnout per +20 % of sustained load above `sustainable_load`: 1.23
    /// (Aiken et al. 2002 \[R106\], +1 patient per nurse; the mapping to +20 % load is an
    /// assumption, range 1.1-1.4).
    #[serde(default = "default_burnout_or")]
    pub burnout_odds_ratio: f64,
    /// Mean months a burnout lasts once stress is gone: 6. Assumption (range 3-12); recovery
    /// slows in proportion to the stress still there.
    #[serde(default = "default_burnout_recovery")]
    pub burnout_recovery_months: f64,
    /// Productivity multiplier while burned out: 0.9. Assumption (range 0.8-1.0): exhaustion
    /// predicts lower job performance \[R103\], with moderate effects \[R105\].
    #[serde(default = "default_burnout_productivity")]
    pub burnout_productivity: f64,
    /// Absence multiplier while burned out: 1.5. Assumption (range 1.0-2.5).
    #[serde(default = "default_burnout_absence")]
    pub burnout_absence_factor: f64,
    /// Removed in 0.2 (stress is now bounded): see `sustainable_load`.
    #[serde(default, skip_serializing)]
    pub utilization_threshold: Option<f64>,
    /// Removed in 0.2: see `rise_months`.
    #[serde(default, skip_serializing)]
    pub rise_per_month: Option<f64>,
    /// Removed in 0.2: see `recovery_months`.
    #[serde(default, skip_serializing)]
    pub recovery_per_month: Option<f64>,
    /// Removed in 0.2: burnout is a hazard, see `burnout_base_per_year`.
    #[serde(default, skip_serializing)]
    pub burnout_threshold: Option<f64>,
    /// Removed in 0.2: see `burnout_recovery_months`.
    #[serde(default, skip_serializing)]
    pub recovered_below: Option<f64>,
}

fn default_full_strain_load() -> f64 {
    1.3
}
fn default_rise_months() -> f64 {
    3.0
}
fn default_recovery_months() -> f64 {
    6.0
}
fn default_fatigue() -> f64 {
    0.05
}
fn default_burnout_base() -> f64 {
    0.02
}
fn default_burnout_or() -> f64 {
    1.23
}
fn default_burnout_recovery() -> f64 {
    6.0
}
fn default_burnout_productivity() -> f64 {
    0.9
}
fn default_burnout_absence() -> f64 {
    1.5
}

impl Default for StressSpec {
    fn default() -> Self {
        StressSpec {
            sustainable_load: one(),
            full_strain_load: default_full_strain_load(),
            rise_months: default_rise_months(),
            recovery_months: default_recovery_months(),
            fatigue: default_fatigue(),
            burnout_base_per_year: default_burnout_base(),
            burnout_odds_ratio: default_burnout_or(),
            burnout_recovery_months: default_burnout_recovery(),
            burnout_productivity: default_burnout_productivity(),
            burnout_absence_factor: default_burnout_absence(),
            utilization_threshold: None,
            rise_per_month: None,
            recovery_per_month: None,
            burnout_threshold: None,
            recovered_below: None,
        }
    }
}

impl StressSpec {
    /// Strain (0..1) of a month's load.
    pub fn strain(&self, load: f64) -> f64 {
        let span = self.full_strain_load - self.sustainable_load;
        if span <= 0.0 {
            return if load > self.sustainable_load {
                1.0
            } else {
                0.0
            };
        }
        ((load - self.sustainable_load) / span).clamp(0.0, 1.0)
    }

    /// Stress after one month at `strain`, starting from `stress`.
    pub fn next_stress(&self, stress: f64, strain: f64) -> f64 {
        let tau = if strain > stress {
            self.rise_months
        } else {
            self.recovery_months
        };
        let keep = if tau > 0.0 { (-1.0 / tau).exp() } else { 0.0 };
        (strain + (stress - strain) * keep).clamp(0.0, 1.0)
    }

    /// Annual burnout probability of someone at `stress`: the base odds times
    /// `burnout_odds_ratio` per 0.2 of sustained load above `sustainable_load`.
    pub fn burnout_per_year(&self, stress: f64) -> f64 {
        let p0 = self.burnout_base_per_year.clamp(0.0, 1.0);
        if p0 <= 0.0 || p0 >= 1.0 {
            return p0;
        }
        let excess_load = stress * (self.full_strain_load - self.sustainable_load).max(0.0);
        let logit = (p0 / (1.0 - p0)).ln() + self.burnout_odds_ratio.ln() * excess_load / 0.2;
        1.0 / (1.0 + (-logit).exp())
    }

    /// Monthly probability that a burned-out person at `stress` recovers.
    pub fn recovery_per_month(&self, stress: f64) -> f64 {
        let m = self.burnout_recovery_months;
        let p = if m > 0.0 { 1.0 - (-1.0 / m).exp() } else { 1.0 };
        p * (1.0 - stress).clamp(0.0, 1.0)
    }
}

/// Voluntary exits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttritionSpec {
    /// Annual resignation probability when not burned out, **net of retirement**: 0.005.
    /// The 3.2 %/year total wastage of PNS \[R170\] includes retirements, which the age
    /// structure generates on its own; resignations are the small remainder ("PNS exits are
    /// rare" \[R170\]). Assumption, range 0.002-0.01.
    #[serde(default = "default_quit")]
    pub quit_per_year: f64,
    /// Annual resignation probability when burned out: 0.02, four times the rate above as in
    /// the intentions to leave of burned-out vs other nurses (43 % vs 11 % \[R106\]). Assumption,
    /// range 0.01-0.06.
    #[serde(default = "default_quit_burned_out")]
    pub quit_per_year_burned_out: f64,
}

fn default_quit() -> f64 {
    0.005
}
fn default_quit_burned_out() -> f64 {
    0.02
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

/// How work gives way when it piles up, as service operations do: people first speed up
/// (a bounded, unsustainable speed-up: KC & Terwiesch 2009 \[R173\]; Berry Jaeker & Tucker
/// 2017 \[R174\]), then work overtime up to a cap. Both count in the person's load (so
/// sustained they build stress) and overtime is paid. Work that can wait no longer gives way
/// through a case class's `patience` (abandoned, deferred or lost work is counted).
/// Evidence is clinical; its transfer to administrative dossiers is an assumption.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkpaceSpec {
    /// Largest speed-up when work piles up: 0.1 (+10 % pace). Assumption (range 0-0.25):
    /// KC & Terwiesch find service times shorten as load rises \[R173\].
    #[serde(default = "default_speedup_max")]
    pub speedup_max: f64,
    /// Queued work per present person (working days of standard work) at which the speed-up
    /// is full; it grows linearly from none at an empty queue: 2. Assumption (range 1-5).
    #[serde(default = "default_speedup_full_at_days")]
    pub speedup_full_at_days: f64,
    /// Most overtime per person per week when work piles up (hours): 5. Assumption (range
    /// 0-10); for comparison PP 35/2021 caps private-sector overtime at 18 h a week.
    #[serde(default = "default_overtime_hours")]
    pub overtime_hours_per_week: f64,
    /// Queued work per present person (working days) above which overtime is worked: 2.
    /// Assumption (range 0.5-5).
    #[serde(default = "default_overtime_after_days")]
    pub overtime_after_days: f64,
    /// Pay per overtime hour (Rp): 30,000. Assumption (uang lembur for golongan II-III is of
    /// this order; range 20,000-50,000).
    #[serde(default = "default_overtime_pay")]
    pub overtime_pay_per_hour_rp: f64,
}

fn default_speedup_max() -> f64 {
    0.1
}
fn default_speedup_full_at_days() -> f64 {
    2.0
}
fn default_overtime_hours() -> f64 {
    5.0
}
fn default_overtime_after_days() -> f64 {
    2.0
}
fn default_overtime_pay() -> f64 {
    30_000.0
}

impl Default for WorkpaceSpec {
    fn default() -> Self {
        WorkpaceSpec {
            speedup_max: default_speedup_max(),
            speedup_full_at_days: default_speedup_full_at_days(),
            overtime_hours_per_week: default_overtime_hours(),
            overtime_after_days: default_overtime_after_days(),
            overtime_pay_per_hour_rp: default_overtime_pay(),
        }
    }
}

/// What support measures change besides resistance to an ordered move. The remote allowance
/// and the non-cash package also lower the odds that people posted where they apply ask to
/// leave or resign, by the same log-odds that raise acceptance of such a post in job-choice
/// experiments (\[R98\] Thai health workers, \[R97\] Indonesian specialist doctors), scaled by
/// `retention_weight` because staying is not choosing and the populations differ. An
/// allowance changes attendance only when it is paid conditional on presence: recipients of
/// the unconditional special allowance were absent no less \[R175\], doubling base pay changed
/// no effort \[R177\], while pay docked for absence raised learning (KIAT Guru \[R176\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSpec {
    /// Share of the acceptance log-odds applied to requests to leave and resignations: 1.0.
    /// Assumption (range 0.25-1).
    #[serde(default = "one")]
    pub retention_weight: f64,
    /// Share of a unit's extra absence (its `absence_factor` above 1) removed by an allowance
    /// paid conditional on presence: 0.5. Direction from KIAT Guru \[R176\]; size an assumption
    /// (range 0-0.75).
    #[serde(default = "default_conditional_attendance")]
    pub conditional_attendance_effect: f64,
}

fn default_conditional_attendance() -> f64 {
    0.5
}

impl Default for RetentionSpec {
    fn default() -> Self {
        RetentionSpec {
            retention_weight: one(),
            conditional_attendance_effect: default_conditional_attendance(),
        }
    }
}
