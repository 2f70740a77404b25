//! The outside pool (`kind = "pool"` on a unit): the rest of the city or province. Rotation
//! and requests exchange people with it: someone who rotates out to the pool takes a post of
//! their own field elsewhere, and someone from the pool, chosen by fit to the post left
//! behind, rotates in.

use super::choose::{asc, desc, eligible};
use super::{OrgView, StaffInfo};

/// The person in a pool best placed to fill the post someone leaves at `unit`: eligible,
/// not already `taken`, allowed to move there once the post is free; best fit first, then
/// best performance, then least resistance.
pub fn replacement(org: &OrgView<'_>, pool: u32, unit: u32, taken: &[u32]) -> Option<StaffInfo> {
    org.staff_of(pool)
        .filter(|p| eligible(org, p) && !taken.contains(&p.id))
        .filter(|p| org.may_move_into_freed_place(p.id, unit))
        .min_by(|a, b| {
            desc(org.fit(a.field, unit), org.fit(b.field, unit))
                .then(desc(a.performance, b.performance))
                .then(asc(
                    org.resistance_probability(a.id, unit),
                    org.resistance_probability(b.id, unit),
                ))
                .then(a.id.cmp(&b.id))
        })
}
