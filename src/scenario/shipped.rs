//! Scenarios embedded in the binary, so `mutasi run` works from any directory.

/// A scenario that ships inside the binary.
pub struct ShippedScenario {
    /// Name to type on the command line.
    pub name: &'static str,
    /// One line for `mutasi scenarios`.
    pub summary: &'static str,
    /// The TOML text.
    pub text: &'static str,
}

/// Every shipped scenario; the first is the default.
pub const SHIPPED: &[ShippedScenario] = &[
    ShippedScenario {
        name: "arcamanik",
        summary: "urban kecamatan office (Bandung) with an adminduk complaint surge (default)",
        text: include_str!("../../scenarios/arcamanik.toml"),
    },
    ShippedScenario {
        name: "gorontalo",
        summary: "province: unequal teacher staffing, remote puskesmas, allowances and rotation",
        text: include_str!("../../scenarios/gorontalo.toml"),
    },
    ShippedScenario {
        name: "mmc",
        summary: "validation: one unit as a pure M/M/c queue (c = 10, rho = 0.9)",
        text: include_str!("../../scenarios/validation/mmc.toml"),
    },
];

/// The shipped scenario of that name (also accepts `NAME.toml`).
pub fn shipped(name: &str) -> Option<(&'static str, &'static str)> {
    let name = name.strip_suffix(".toml").unwrap_or(name);
    SHIPPED
        .iter()
        .find(|s| s.name == name)
        .map(|s| (s.name, s.text))
}
