//! The parts of one study (shards, an interrupted study and the study resuming it) checked
//! against each other, and the shards merged back into the whole study; what is wrong with
//! them as structured errors.

use crate::experiment::shard::first_difference;
use crate::experiment::{Shard, missing_shards};

use super::run::{RobustError, RobustMeta, RobustRun};

/// The first way two descriptions of a study that must agree (everything but the shard,
/// threads and time) differ, the first part's value first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StudyDifference {
    /// Another mutasi version or file format, each as `0.1.0 (format 1)`.
    #[error("written by mutasi {a} and {b}; use one version")]
    Version {
        /// The first part's.
        a: String,
        /// The second part's.
        b: String,
    },
    /// Another resolved scenario: the first line that differs (`line N: `…``) and the
    /// second part's line.
    #[error(
        "the scenario differs ({a} vs `{b}`); use the same scenario file, --set and --range \
         values"
    )]
    Scenario {
        /// The first part's line, numbered.
        a: String,
        /// The second part's line.
        b: String,
    },
    /// Another setting: `seed`, `points`, `replications`, `policies`, `baseline` or `KPIs`.
    #[error("{field} {a} vs {b}")]
    Setting {
        /// The setting.
        field: &'static str,
        /// The first part's value.
        a: String,
        /// The second part's value.
        b: String,
    },
}

/// Why the saved points of a study cannot be resumed, or its shards not merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartsError {
    /// The interrupted study is another study than the one asked to resume it.
    #[error("cannot resume: {0}")]
    ResumeOther(StudyDifference),
    /// The folder to resume holds a shard.
    #[error("cannot resume: the folder holds a shard, not an interrupted study")]
    ResumeShard,
    /// The saved points are not the first points of the study, in order.
    #[error("cannot resume: the saved points are not points 0, 1, 2, ... of this study")]
    ResumePoints,
    /// No shard given.
    #[error("no shard to merge")]
    Empty,
    /// A shard count of zero or above the points of the study.
    #[error("'{label}' says it is shard {shard} of a study of {points} points")]
    ShardCount {
        /// The shard (its folder).
        label: String,
        /// What it says it is.
        shard: Shard,
        /// Points of the study.
        points: usize,
    },
    /// Two shards of different studies.
    #[error("'{label}' and '{first}' are not shards of one study: {difference}")]
    OtherStudy {
        /// The shard that differs.
        label: String,
        /// The first shard given.
        first: String,
        /// What differs (the first shard's value first).
        difference: StudyDifference,
    },
    /// Two shards of one study split in different counts.
    #[error("'{label}' is shard {shard} but '{first}' is shard {first_shard}")]
    OtherCount {
        /// The shard that differs.
        label: String,
        /// Its shard.
        shard: Shard,
        /// The first shard given.
        first: String,
        /// The first shard's.
        first_shard: Shard,
    },
    /// A shard index not below the shard count.
    #[error("'{label}' is shard {shard}")]
    NoSuchShard {
        /// The shard (its folder).
        label: String,
        /// What it says it is.
        shard: Shard,
    },
    /// A shard given twice.
    #[error("shard {0} is given twice")]
    Duplicate(Shard),
    /// A shard not holding exactly its own points, in order.
    #[error("'{label}' does not hold points {first} to {last} of the study")]
    ShardPoints {
        /// The shard (its folder).
        label: String,
        /// Its first point.
        first: usize,
        /// Its last point.
        last: usize,
    },
    /// Some shards are missing, as `K/N`.
    #[error("shard(s) {} missing", .0.join(", "))]
    Missing(Vec<String>),
    /// The merged shards do not hold every point.
    #[error("the shards do not cover every point of the study")]
    Incomplete,
}

/// The first difference between two descriptions of a study that must agree (everything
/// but the shard, threads and time); `None` when they agree.
pub(crate) fn study_difference(a: &RobustMeta, b: &RobustMeta) -> Option<StudyDifference> {
    if a.format != b.format || a.version != b.version {
        let label = |m: &RobustMeta| format!("{} (format {})", m.version, m.format);
        return Some(StudyDifference::Version {
            a: label(a),
            b: label(b),
        });
    }
    if a.scenario_toml != b.scenario_toml {
        let (a, b) = first_difference(&a.scenario_toml, &b.scenario_toml);
        return Some(StudyDifference::Scenario { a, b });
    }
    let pairs: [(&'static str, String, String); 6] = [
        ("seed", a.seed.to_string(), b.seed.to_string()),
        ("points", a.points.to_string(), b.points.to_string()),
        (
            "replications",
            a.replications.to_string(),
            b.replications.to_string(),
        ),
        ("policies", a.policies.join(","), b.policies.join(",")),
        ("baseline", a.baseline.clone(), b.baseline.clone()),
        ("KPIs", a.kpis.join(","), b.kpis.join(",")),
    ];
    pairs
        .into_iter()
        .find(|(_, x, y)| x != y)
        .map(|(field, a, b)| StudyDifference::Setting { field, a, b })
}

/// Combines the shards of one study (any order) into the whole study: every shard must
/// describe the same study, and together they must hold every point exactly once. Labels
/// name the shards in messages.
pub fn merge_robust(parts: Vec<(String, RobustRun)>) -> Result<RobustRun, RobustError> {
    let slots = shard_slots(&parts)?;
    let first = &parts[0].1;
    let mut meta = first.meta.clone();
    meta.shard = Shard { index: 0, count: 1 };
    meta.first_point = 0;
    meta.end_point = meta.points;
    meta.threads = parts.iter().map(|(_, p)| p.meta.threads).max().unwrap_or(0);
    meta.wall_seconds = parts.iter().map(|(_, p)| p.meta.wall_seconds).sum();
    let points = slots
        .into_iter()
        .flat_map(|p| p.points.iter().cloned())
        .collect();
    let run = RobustRun { meta, points };
    if !run.is_complete() {
        return Err(PartsError::Incomplete.into());
    }
    Ok(run)
}

/// The shards in shard order, each checked against the first: same study, same count, its
/// own points, none twice, none missing.
fn shard_slots(parts: &[(String, RobustRun)]) -> Result<Vec<&RobustRun>, PartsError> {
    let Some((first_label, first)) = parts.first() else {
        return Err(PartsError::Empty);
    };
    let count = first.meta.shard.count;
    if count == 0 || count > first.meta.points as u64 {
        return Err(PartsError::ShardCount {
            label: first_label.clone(),
            shard: first.meta.shard,
            points: first.meta.points,
        });
    }
    let mut slots: Vec<Option<&RobustRun>> = vec![None; count as usize];
    for (label, part) in parts {
        if let Some(difference) = study_difference(&first.meta, &part.meta) {
            return Err(PartsError::OtherStudy {
                label: label.clone(),
                first: first_label.clone(),
                difference,
            });
        }
        if part.meta.shard.count != count {
            return Err(PartsError::OtherCount {
                label: label.clone(),
                shard: part.meta.shard,
                first: first_label.clone(),
                first_shard: first.meta.shard,
            });
        }
        let Some(slot) = slots.get_mut(part.meta.shard.index as usize) else {
            return Err(PartsError::NoSuchShard {
                label: label.clone(),
                shard: part.meta.shard,
            });
        };
        if slot.is_some() {
            return Err(PartsError::Duplicate(part.meta.shard));
        }
        let expected = part.meta.end_point - part.meta.first_point;
        if part.points.len() != expected
            || part
                .points
                .iter()
                .enumerate()
                .any(|(k, p)| p.index != part.meta.first_point + k)
        {
            return Err(PartsError::ShardPoints {
                label: label.clone(),
                first: part.meta.first_point,
                last: part.meta.end_point.saturating_sub(1),
            });
        }
        *slot = Some(part);
    }
    let missing = missing_shards(&slots);
    if !missing.is_empty() {
        return Err(PartsError::Missing(missing));
    }
    Ok(slots.into_iter().flatten().collect())
}
