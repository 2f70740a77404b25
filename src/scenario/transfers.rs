//! Scenario sections about moving people: the rules every order must pass, resistance, the
//! pipeline's delays, geography and costs.

use serde::{Deserialize, Serialize};

/// A window in which no transfer may be ordered (e.g. the Pilkada freeze: six months before
/// candidate determination to the end of term, UU 10/2016 Pasal 71(2) \[R20\]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreezeWindow {
    /// Start (years from the start of the simulation).
    pub start_year: f64,
    /// End (years), exclusive.
    pub end_year: f64,
}

/// Rules and delays of the transfer pipeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferSpec {
    /// Minimum years at post before a move: 2 (PP 11/2017 Pasal 190(3) \[R6\]).
    #[serde(default = "default_min_years")]
    pub min_years_at_post: f64,
    /// Maximum years at post; exceeding it is reported: 5 (PP 11/2017 Pasal 190(3) \[R6\]).
    #[serde(default = "default_max_years")]
    pub max_years_at_post: f64,
    /// Months of notice worked at the old unit after accepting. Assumption.
    #[serde(default = "one")]
    pub notice_months: f64,
    /// Months an appeal delays the move. Assumption.
    #[serde(default = "default_appeal_months")]
    pub appeal_delay_months: f64,
    /// Working days in transit (absent) by destination remoteness 0/1/2. Assumption.
    #[serde(default = "default_transit_days")]
    pub transit_days: [f64; 3],
    /// Windows in which no order may be issued.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub freeze: Vec<FreezeWindow>,
    /// Working days of training before a trained move (brief 6.2, policy P2: two weeks).
    #[serde(default = "default_training_days")]
    pub training_days: f64,
    /// Resistance model.
    #[serde(default)]
    pub resistance: ResistanceSpec,
    /// Staff-initiated transfer requests.
    #[serde(default)]
    pub requests: RequestSpec,
}

fn default_training_days() -> f64 {
    10.0
}

/// People asking to move: towards home or the city, more often when stressed or posted far
/// away (\[R92\]\[R95\]: "everyone wants Kota Gorontalo").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// Annual probability that a person at an urban post away from home asks to move.
    /// Assumption.
    #[serde(default = "default_request_base")]
    pub base_per_year: f64,
    /// Added annual probability per remoteness level of the current post. Assumption after
    /// \[R92\]\[R145\].
    #[serde(default = "default_request_remote")]
    pub per_remoteness: f64,
    /// Added annual probability per unit of stress. Assumption after \[R106\] (transfer
    /// intentions rise with burnout).
    #[serde(default = "default_request_stress")]
    pub per_stress: f64,
    /// Months a request waits for a decision before lapsing. Assumption.
    #[serde(default = "default_request_expiry")]
    pub expire_months: f64,
}

fn default_request_base() -> f64 {
    0.02
}
fn default_request_remote() -> f64 {
    0.1
}
fn default_request_stress() -> f64 {
    0.1
}
fn default_request_expiry() -> f64 {
    12.0
}

impl Default for RequestSpec {
    fn default() -> Self {
        RequestSpec {
            base_per_year: default_request_base(),
            per_remoteness: default_request_remote(),
            per_stress: default_request_stress(),
            expire_months: default_request_expiry(),
        }
    }
}

fn one() -> f64 {
    1.0
}
fn default_min_years() -> f64 {
    2.0
}
fn default_max_years() -> f64 {
    5.0
}
fn default_appeal_months() -> f64 {
    2.0
}
fn default_transit_days() -> [f64; 3] {
    [5.0, 10.0, 20.0]
}

impl Default for TransferSpec {
    fn default() -> Self {
        TransferSpec {
            min_years_at_post: default_min_years(),
            max_years_at_post: default_max_years(),
            notice_months: one(),
            appeal_delay_months: default_appeal_months(),
            transit_days: default_transit_days(),
            freeze: Vec::new(),
            training_days: default_training_days(),
            resistance: ResistanceSpec::default(),
            requests: RequestSpec::default(),
        }
    }
}

/// `P(resist) = logistic(base + per_year_at_post x years + per_remoteness x remoteness
/// + per_travel_hour x hours from home + trait_weight x trait - income_premium x premium
/// - communication x effort - security - training - facilities)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResistanceSpec {
    /// Log-odds of resisting an urban move for an average person: logit(0.10) (brief 6.1).
    #[serde(default = "default_base_logit")]
    pub base_logit: f64,
    /// Added log-odds per year at the current post (comfort at post). Assumption.
    #[serde(default = "default_per_year")]
    pub per_year_at_post: f64,
    /// Added log-odds per remoteness level of the destination: 1.1, so a remote (2) posting
    /// with no incentive is resisted half the time (brief 6.1, 6.3, assumption).
    #[serde(default = "default_per_remoteness")]
    pub per_remoteness: f64,
    /// Added log-odds per hour of travel from home to the destination. Assumption.
    #[serde(default = "default_per_travel_hour")]
    pub per_travel_hour: f64,
    /// Weight of the personal resistance trait \[R87\]. Assumption.
    #[serde(default = "default_trait_weight")]
    pub trait_weight: f64,
    /// Log-odds of acceptance per +100 % income premium: 3.5 (\[R98\], derived in brief 6.1).
    #[serde(default = "default_income")]
    pub income_premium: f64,
    /// Log-odds removed by full communication effort: 0.4, about -30 % relative P(appeal)
    /// (brief 6.1, assumption after \[R84\]).
    #[serde(default = "default_communication")]
    pub communication: f64,
    /// Log-odds removed by a security guarantee: 1.81 (OR 6.11 \[R97\]).
    #[serde(default = "default_security")]
    pub security: f64,
    /// Log-odds removed by fully funded training/CPD: 1.04 (OR 2.84 \[R97\]).
    #[serde(default = "default_training")]
    pub training: f64,
    /// Log-odds removed by good facilities (housing etc.): 0.86 (OR 2.35 \[R97\]).
    #[serde(default = "default_facilities")]
    pub facilities: f64,
    /// Of those who resist: share who appeal (move delayed). Assumption: refusal is a
    /// disciplinary breach (PP 94/2021 \[R13\]), so most appeal.
    #[serde(default = "default_appeal_share")]
    pub appeal_share: f64,
    /// Of those who resist: share who refuse (order cancelled). Assumption.
    #[serde(default = "default_refuse_share")]
    pub refuse_share: f64,
    /// Of those who resist: share who quit the service. Assumption.
    #[serde(default = "default_quit_share")]
    pub quit_share: f64,
}

fn default_base_logit() -> f64 {
    -2.197_224_577_336_219 // logit(0.10)
}
fn default_per_year() -> f64 {
    0.1
}
fn default_per_remoteness() -> f64 {
    1.098_612_288_668_109_7 // (logit(0.5) - logit(0.1)) / 2
}
fn default_per_travel_hour() -> f64 {
    0.1
}
fn default_trait_weight() -> f64 {
    0.5
}
fn default_income() -> f64 {
    3.5
}
fn default_communication() -> f64 {
    0.4
}
fn default_security() -> f64 {
    1.81
}
fn default_training() -> f64 {
    1.04
}
fn default_facilities() -> f64 {
    0.86
}
fn default_appeal_share() -> f64 {
    0.75
}
fn default_refuse_share() -> f64 {
    0.2
}
fn default_quit_share() -> f64 {
    0.05
}

impl Default for ResistanceSpec {
    fn default() -> Self {
        ResistanceSpec {
            base_logit: default_base_logit(),
            per_year_at_post: default_per_year(),
            per_remoteness: default_per_remoteness(),
            per_travel_hour: default_per_travel_hour(),
            trait_weight: default_trait_weight(),
            income_premium: default_income(),
            communication: default_communication(),
            security: default_security(),
            training: default_training(),
            facilities: default_facilities(),
            appeal_share: default_appeal_share(),
            refuse_share: default_refuse_share(),
            quit_share: default_quit_share(),
        }
    }
}

/// Regions and travel times between them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeographySpec {
    /// Region names; units and people refer to them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Travel hours from region i to region j (square, same order as `regions`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub travel_hours: Vec<Vec<f64>>,
}

/// Money (Rupiah).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostSpec {
    /// Relocation cost of one move by destination remoteness 0/1/2 (Rp). Assumption; remote
    /// trips cost about Rp 0.8 million each way \[R166\].
    #[serde(default = "default_relocation")]
    pub relocation_rp: [f64; 3],
    /// Cost of training one person before a move (Rp). Assumption.
    #[serde(default = "default_training_rp")]
    pub training_rp: f64,
    /// Monthly base salary used to price income premiums (Rp): 3.5 million (brief 6.3,
    /// assumption for gaji pokok).
    #[serde(default = "default_salary")]
    pub monthly_salary_rp: f64,
    /// Cost of a non-cash package (security, funded CPD, facilities) per person-year (Rp).
    /// Assumption.
    #[serde(default = "default_package")]
    pub package_per_year_rp: f64,
    /// Cost of communication effort per order at full effort (Rp). Assumption.
    #[serde(default = "default_communication_rp")]
    pub communication_per_order_rp: f64,
    /// Monthly cost of one contract staff member on the books (Rp): pay of honorer,
    /// GTT/PTT or PPPK. Default 0 (not counted); set it per scenario with its source.
    #[serde(default)]
    pub contract_monthly_rp: f64,
}

fn default_relocation() -> [f64; 3] {
    [1_000_000.0, 3_000_000.0, 6_000_000.0]
}
fn default_training_rp() -> f64 {
    2_500_000.0
}
fn default_salary() -> f64 {
    3_500_000.0
}
fn default_package() -> f64 {
    12_000_000.0
}
fn default_communication_rp() -> f64 {
    500_000.0
}

impl Default for CostSpec {
    fn default() -> Self {
        CostSpec {
            relocation_rp: default_relocation(),
            training_rp: default_training_rp(),
            monthly_salary_rp: default_salary(),
            package_per_year_rp: default_package(),
            communication_per_order_rp: default_communication_rp(),
            contract_monthly_rp: 0.0,
        }
    }
}

/// Workload analysis (ABK, PermenPANRB 1/2020).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSpec {
    /// Effective working hours per FTE per year (WKE): 1,250 \[R32\]\[R31\].
    #[serde(default = "default_wke")]
    pub effective_hours_per_fte_year: f64,
}

fn default_wke() -> f64 {
    1250.0
}

impl Default for WorkloadSpec {
    fn default() -> Self {
        WorkloadSpec {
            effective_hours_per_fte_year: default_wke(),
        }
    }
}
