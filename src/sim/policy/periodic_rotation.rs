//! `periodic_rotation`: a tour of duty every N years (the Gorontalo health office). At each
//! review, everyone who has served N years at post is ordered to move: to the unit with a
//! free place where they fit best or that needs them most, or, with `destination = "swap"`,
//! to one of the posts the rotating people leave, so that every unit keeps its headcount.

use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;
use rand::RngExt;

use crate::scenario::{Destination, PolicySpec, RotationWho};
use crate::sim::Model;

use super::choose::{best_fit_unit, desc, eligible, most_needed_unit};
use super::guard::Guard;
use super::pool::replacement;
use super::{OrgView, Policy, Reason, StaffInfo, TransferOrder};

/// Rotation every `every_years` years.
pub struct PeriodicRotation {
    every_years: f64,
    who: RotationWho,
    destination: Destination,
    fields: Vec<u16>,
    scope: Vec<bool>,
    train_first: bool,
    guard: Guard,
}

/// Default tour of duty (years): 3, within the 2-5 year window of PP 11/2017 \[R6\]
/// (brief 6.3).
const DEFAULT_EVERY_YEARS: f64 = 3.0;

impl PeriodicRotation {
    /// Builds the policy.
    pub fn new(spec: &PolicySpec, model: &Model, scope: Vec<bool>) -> Self {
        PeriodicRotation {
            every_years: spec.every_years.unwrap_or(DEFAULT_EVERY_YEARS),
            who: spec.who.unwrap_or_default(),
            destination: spec.destination.unwrap_or_default(),
            fields: spec
                .fields
                .iter()
                .filter_map(|f| model.field_id(f))
                .collect(),
            scope,
            train_first: spec.train_first,
            guard: Guard::from_spec(spec),
        }
    }

    /// People due to rotate now: in scope (not in an outside pool), of the rotating fields,
    /// tour of duty served, allowed to move.
    pub fn due<'a>(&'a self, org: &'a OrgView<'_>) -> impl Iterator<Item = StaffInfo> + 'a {
        org.staff().filter(move |p| {
            self.scope[p.unit as usize]
                && !org.is_pool(p.unit)
                && (self.fields.is_empty() || self.fields.contains(&p.field))
                && p.years_at_post + 1e-9 >= self.every_years
                && eligible(org, p)
        })
    }
}

impl Policy for PeriodicRotation {
    fn review(&mut self, org: &OrgView<'_>, rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let mut due: Vec<StaffInfo> = self.due(org).collect();
        match self.who {
            RotationWho::LongestAtPost => {
                due.sort_by(|a, b| desc(a.years_at_post, b.years_at_post).then(a.id.cmp(&b.id)))
            }
            RotationWho::Performance => {
                due.sort_by(|a, b| desc(a.performance, b.performance).then(a.id.cmp(&b.id)))
            }
            RotationWho::Random => {
                // Fisher-Yates with the policy's own stream.
                for i in (1..due.len()).rev() {
                    let j = rng.random_range(0..=i);
                    due.swap(i, j);
                }
            }
        }
        if self.destination == Destination::Swap {
            // Only as many as one review may move, so that no swap cycle is cut by the cap.
            due.truncate(org.max_moves_per_review() as usize);
            return swap_posts(org, &due, self.train_first);
        }
        let mut orders = Vec::new();
        let mut reserved = vec![0i64; org.unit_count()];
        let mut ledger = self.guard.ledger(org);
        let mut taken: Vec<u32> = Vec::new();
        for p in due {
            let order = |to: u32| TransferOrder {
                staff: p.id,
                to_unit: to,
                reason: Reason::Rotation,
                train_first: self.train_first,
                temporary_weeks: None,
            };
            // A pool takes anyone (a post of their field elsewhere); whether the unit left
            // behind can spare them is settled with the replacement below.
            let allowed = |u: u32| {
                self.scope[u as usize]
                    && (org.is_pool(u) || self.guard.would_admit(org, &ledger, &order(u)))
            };
            let to = match self.destination {
                Destination::BestFit | Destination::Swap => {
                    best_fit_unit(org, &p, &allowed, &reserved)
                }
                Destination::MostNeeded => most_needed_unit(org, &p, &allowed, &reserved),
            };
            let Some(to) = to else { continue };
            let mut trial = ledger.clone();
            let mut exchange = Vec::new();
            if org.is_pool(to)
                && let Some(r) = replacement(org, to, p.unit, &taken)
            {
                let back = TransferOrder {
                    staff: r.id,
                    to_unit: p.unit,
                    reason: Reason::Rotation,
                    train_first: self.train_first,
                    temporary_weeks: None,
                };
                if self.guard.admit(org, &mut trial, &back) {
                    exchange.push(back);
                }
            }
            // Nobody leaves for the pool without someone coming back: a rotation with the
            // rest of the city is an exchange, not a drain.
            if org.is_pool(to) && exchange.is_empty() {
                continue;
            }
            if !self.guard.admit(org, &mut trial, &order(to)) {
                continue;
            }
            ledger = trial;
            reserved[to as usize] += 1;
            reserved[p.unit as usize] -= 1;
            for back in &exchange {
                taken.push(back.staff);
                reserved[p.unit as usize] += 1;
                reserved[to as usize] -= 1;
            }
            orders.extend(exchange);
            orders.push(order(to));
        }
        orders
    }
}

/// Fit is scaled to integers for the exact assignment: 1e6 keeps six decimals.
const SCALE: f64 = 1e6;
/// Weight of returning to one's own unit: below any sum of fits, so only when unavoidable.
const OWN_UNIT: i64 = -1_000_000_000_000;

/// Re-deals the posts that `pool` leaves among the same people: the assignment of people to
/// those posts that maximises total fit with nobody back at their own unit where avoidable
/// (Hungarian algorithm). Whoever still lands on their own unit stays put.
fn swap_posts(org: &OrgView<'_>, pool: &[StaffInfo], train_first: bool) -> Vec<TransferOrder> {
    if pool.len() < 2 {
        return Vec::new();
    }
    let weights = Matrix::from_fn(pool.len(), pool.len(), |(i, j)| {
        let post = pool[j].unit;
        if post == pool[i].unit {
            OWN_UNIT
        } else {
            (org.fit(pool[i].field, post) * SCALE).round() as i64
        }
    });
    let (_, posts) = kuhn_munkres(&weights);
    pool.iter()
        .zip(posts)
        .filter(|(p, j)| pool[*j].unit != p.unit)
        .map(|(p, j)| TransferOrder {
            staff: p.id,
            to_unit: pool[j].unit,
            reason: Reason::Rotation,
            train_first,
            temporary_weeks: None,
        })
        .collect()
}
