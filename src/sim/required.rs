//! Required professions: a unit that must have someone of a field present (a doctor at a
//! puskesmas) is checked at every month end.

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
}
