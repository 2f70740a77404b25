//! What a unit must have, checked at every month end: required professions (someone of a
//! field present, a doctor at a puskesmas) and teachers per subject group against the
//! student-teacher standard.

use super::staff::Status;
use super::world::World;

impl World<'_> {
    /// At a month end (before the month's exits), counts for every unit with a `requires`
    /// list whether some required profession has nobody present.
    pub(crate) fn check_required(&mut self) {
        let model = self.model;
        if model.units.iter().all(|u| u.requires.is_empty()) {
            return;
        }
        // found[unit][k]: someone of the unit's k-th required field is present.
        let mut found: Vec<Vec<bool>> = model
            .units
            .iter()
            .map(|u| vec![false; u.requires.len()])
            .collect();
        for p in self.staff.iter().filter(|p| p.status == Status::Present) {
            let unit = p.unit as usize;
            if let Some(k) = model.units[unit]
                .requires
                .iter()
                .position(|&f| f == p.field)
            {
                found[unit][k] = true;
            }
        }
        for (unit, f) in found.iter().enumerate() {
            if f.is_empty() {
                continue;
            }
            let missing = f.iter().any(|&ok| !ok);
            let cell = self.cell(unit);
            cell.required_checked += 1;
            cell.required_missing += missing as u32;
        }
    }

    /// At a month end (before the month's exits), for every school with subject groups:
    /// the teachers on the books per group against the standard's need, shortfalls summed.
    pub(crate) fn check_subjects(&mut self) {
        let model = self.model;
        if model.units.iter().all(|u| u.subject_need.is_empty()) {
            return;
        }
        // have[unit][k]: teachers on the books of the unit's k-th subject group.
        let mut have: Vec<Vec<f64>> = model
            .units
            .iter()
            .map(|u| vec![0.0; u.subject_need.len()])
            .collect();
        for id in 0..self.staff.len() {
            let p = &self.staff[id];
            if !matches!(p.status, Status::Present | Status::Absent) {
                continue;
            }
            let unit = self.home_unit(id);
            let need = &model.units[unit].subject_need;
            if let Some(k) = need.iter().position(|&(f, _)| f == p.field) {
                have[unit][k] += 1.0;
            }
        }
        for (unit, have) in have.iter().enumerate() {
            let need = &model.units[unit].subject_need;
            if need.is_empty() {
                continue;
            }
            let short: f64 = need
                .iter()
                .zip(have)
                .map(|(&(_, n), &h)| (n - h).max(0.0))
                .sum();
            let cell = self.cell(unit);
            cell.subject_need += need.iter().map(|&(_, n)| n).sum::<f64>();
            cell.subject_short += short;
        }
    }
}
