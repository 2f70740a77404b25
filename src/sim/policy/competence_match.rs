//! `competence_match`: at each review, re-assign people to units to maximise the total fit
//! between background and unit field, under a move budget and the units' positions.
//!
//! Without a binding budget the assignment (people x free positions) is solved exactly as a
//! transportation problem of groups of interchangeable people x units (`transport.rs`). The move budget enters as a
//! penalty per move; the smallest penalty whose optimal assignment stays within the budget is
//! found by bisection. That plan is optimal among plans on the Lagrangian hull; when the
//! budget falls between two hull plans, the moves left over are spent greedily on the single
//! moves (to a free position) that gain most. The result always respects the budget and is
//! usually, but not provably, the budget-constrained optimum.

use std::collections::HashMap;

use crate::scenario::{PolicySpec, SelectBy};

use super::choose::eligible;
use super::transport::ship;
use super::{OrgView, Policy, Reason, TransferOrder};

/// Fit is scaled to integers for the exact algorithm: 1e6 keeps six decimals.
const SCALE: f64 = 1e6;
/// Largest move penalty tried: above any possible gain in fit, so no one moves.
const MAX_PENALTY: i64 = 4_000_000;

/// Exact fit-maximising re-assignment.
pub struct CompetenceMatch {
    /// Most moves per review (`None` = the review's move cap).
    move_budget: Option<usize>,
    scope: Vec<bool>,
    train_first: bool,
    /// Maximise fit x performance (the output of the people placed) instead of fit alone,
    /// so the best performers get the posts where fit matters most.
    by_performance: bool,
}

impl CompetenceMatch {
    /// Builds the policy.
    pub fn new(spec: &PolicySpec, scope: Vec<bool>) -> Self {
        CompetenceMatch {
            move_budget: spec.move_budget.map(|b| b as usize),
            scope,
            train_first: spec.train_first,
            by_performance: spec.select_by == Some(SelectBy::Performance),
        }
    }
}

/// Assigns each person (row) to a slot (column: the unit it belongs to) maximising
/// `fit[person][unit] - penalty x moved`, where `home[person]` is the current unit.
/// Returns the unit of each person. Requires `slots.len() >= fit.len()`.
///
/// Exact. People with the same weights (fit row and home) are interchangeable and places of
/// one unit are too, so the problem is solved as a transportation problem of groups x units
/// (`transport::ship`); within a group, the first members are the ones who stay.
pub fn assign(fit: &[Vec<f64>], home: &[usize], slots: &[usize], penalty: i64) -> Vec<usize> {
    let rows = fit.len();
    if rows == 0 || slots.len() < rows {
        return home.to_vec();
    }
    let mut sorted = slots.to_vec();
    sorted.sort_unstable();
    let (units, capacity): (Vec<usize>, Vec<i64>) = sorted
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len() as i64))
        .unzip();
    let mut weights: Vec<Vec<i64>> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<Vec<i64>, usize> = HashMap::new();
    for i in 0..rows {
        let row: Vec<i64> = units
            .iter()
            .map(|&u| {
                // A tiny bonus for staying makes equal-fit swaps pointless.
                let stay = if u == home[i] { 1 } else { -penalty };
                (fit[i][u] * SCALE).round() as i64 + stay
            })
            .collect();
        let g = *group_of.entry(row.clone()).or_insert_with(|| {
            weights.push(row);
            members.push(Vec::new());
            weights.len() - 1
        });
        members[g].push(i);
    }
    let supply: Vec<i64> = members.iter().map(|m| m.len() as i64).collect();
    let flow = ship(&supply, &capacity, &weights);
    let mut plan = home.to_vec();
    for (g, people) in members.iter().enumerate() {
        let home_unit = home[people[0]];
        // Home first, so that the group's first members stay.
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by_key(|&k| units[k] != home_unit);
        let mut next = people.iter();
        for k in order {
            for _ in 0..flow[g][k] {
                if let Some(&i) = next.next() {
                    plan[i] = units[k];
                }
            }
        }
    }
    plan
}

/// The best assignment with at most `budget` moves (see the module doc).
pub fn assign_within_budget(
    fit: &[Vec<f64>],
    home: &[usize],
    slots: &[usize],
    budget: usize,
) -> Vec<usize> {
    let moves = |a: &[usize]| a.iter().zip(home).filter(|(x, h)| x != h).count();
    let free = assign(fit, home, slots, 0);
    if moves(&free) <= budget {
        return free;
    }
    let (mut lo, mut hi) = (0i64, MAX_PENALTY);
    let mut best = assign(fit, home, slots, hi);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        let a = assign(fit, home, slots, mid);
        if moves(&a) <= budget {
            hi = mid;
            best = a;
        } else {
            lo = mid;
        }
    }
    spend_leftover_moves(fit, home, slots, budget, &mut best);
    best
}

/// Adds single moves of people still at home to free positions, largest gain first, while
/// the budget lasts.
fn spend_leftover_moves(
    fit: &[Vec<f64>],
    home: &[usize],
    slots: &[usize],
    budget: usize,
    plan: &mut [usize],
) {
    let mut free: Vec<usize> = slots.to_vec();
    for unit in plan.iter() {
        if let Some(k) = free.iter().position(|s| s == unit) {
            free.swap_remove(k);
        }
    }
    let mut moved = plan.iter().zip(home).filter(|(x, h)| x != h).count();
    while moved < budget {
        let gain = |i: usize, u: usize| fit[i][u] - fit[i][home[i]];
        let candidate = (0..plan.len())
            .filter(|&i| plan[i] == home[i])
            .flat_map(|i| free.iter().enumerate().map(move |(k, &u)| (i, k, u)))
            .filter(|&(i, _, u)| gain(i, u) * SCALE >= 1.0)
            .max_by(|a, b| {
                gain(a.0, a.2)
                    .total_cmp(&gain(b.0, b.2))
                    .then(b.0.cmp(&a.0))
            });
        let Some((i, k, u)) = candidate else { break };
        free.swap_remove(k);
        free.push(home[i]);
        plan[i] = u;
        moved += 1;
    }
}

impl Policy for CompetenceMatch {
    fn review(&mut self, org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let units = org.unit_count();
        let people: Vec<_> = org
            .staff()
            .filter(|p| self.scope[p.unit as usize] && eligible(org, p))
            .collect();
        // Free positions per unit: those not held by people who stay put regardless. No unit
        // can take more than everyone, so more slots than people would only cost memory.
        let mut movable = vec![0i64; units];
        for p in &people {
            movable[p.unit as usize] += 1;
        }
        let mut slots = Vec::new();
        for u in org.units().filter(|u| self.scope[u.id as usize]) {
            let fixed = u.assigned as i64 - movable[u.id as usize] + u.incoming as i64;
            let free = (u.positions as i64 - fixed).clamp(0, people.len() as i64);
            slots.extend(std::iter::repeat_n(u.id as usize, free as usize));
        }
        if people.is_empty() || slots.len() < people.len() {
            return Vec::new();
        }
        let fit: Vec<Vec<f64>> = people
            .iter()
            .map(|p| {
                let weight = if self.by_performance {
                    p.performance
                } else {
                    1.0
                };
                (0..units as u32)
                    .map(|u| weight * org.fit(p.field, u))
                    .collect()
            })
            .collect();
        let home: Vec<usize> = people.iter().map(|p| p.unit as usize).collect();
        let budget = self
            .move_budget
            .unwrap_or(org.max_moves_per_review() as usize);
        let assignment = assign_within_budget(&fit, &home, &slots, budget);
        people
            .iter()
            .zip(assignment)
            .filter(|(p, u)| p.unit as usize != *u)
            .map(|(p, u)| TransferOrder {
                staff: p.id,
                to_unit: u as u32,
                reason: Reason::CompetenceMatch,
                train_first: self.train_first,
                temporary_weeks: None,
            })
            .collect()
    }
}
