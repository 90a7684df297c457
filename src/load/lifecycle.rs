//! The checks of the customer lifecycle and of the money figures' inputs: `lifecycle:` phases
//! with valid, unique ids, each journey's `phase` one of them, and a `currency:` wherever a
//! persona gives its customers a value.

use std::path::Path;

use super::references::{Sources, is_valid_id};
use super::{Project, SETTINGS_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};

/// Checks the phases, the journeys' phases, the personas' customers and values.
pub fn check(project: &Project, sources: &Sources, diagnostics: &mut Diagnostics) {
    let settings = &project.settings;
    let mut seen = Vec::new();
    for phase in &settings.lifecycle {
        let at = || sources.setting(&["lifecycle", "id"], &phase.id);
        if !is_valid_id(&phase.id) {
            diagnostics.push(
                Diagnostic::error(at(), format!("`{}` is not a valid phase id", phase.id)).with_hint(
                    "ids are used in links: use lower-case letters, digits, `-` and `_`, such as `purchase`",
                ),
            );
        } else if seen.contains(&phase.id.as_str()) {
            diagnostics.push(
                Diagnostic::error(at(), format!("the phase `{}` is declared twice", phase.id))
                    .with_hint("give each phase of `lifecycle` its own id"),
            );
        }
        seen.push(&phase.id);
    }
    for journey in &project.journeys {
        let Some(phase) = &journey.phase else { continue };
        if settings.lifecycle.iter().any(|p| p.id == *phase) {
            continue;
        }
        let hint = match did_you_mean(phase, settings.lifecycle.iter().map(|p| p.id.as_str())) {
            Some(close) => format!("did you mean `{close}`?"),
            None if settings.lifecycle.is_empty() => {
                "declare the phases in cxsite.yaml: `lifecycle: [{id: purchase, name: Purchase}, ...]`".into()
            }
            None => format!(
                "the phases of `lifecycle` in cxsite.yaml are {}",
                settings.lifecycle.iter().map(|p| format!("`{}`", p.id)).collect::<Vec<_>>().join(", ")
            ),
        };
        diagnostics.push(
            Diagnostic::error(
                sources.find(&journey.source, "phase", phase, 1),
                format!("the journey's phase `{phase}` is not a phase of the lifecycle"),
            )
            .with_hint(hint),
        );
    }
    for persona in &project.personas {
        let Some(value) = persona.value_per_customer else { continue };
        if !(value.is_finite() && value >= 0.0) {
            diagnostics.push(
                Diagnostic::error(
                    sources.find(&persona.source, "value_per_customer", &value.to_string(), 1),
                    format!("`value_per_customer` is {value}"),
                )
                .with_hint("write a customer's yearly value as a number of at least 0, such as 240"),
            );
        }
        if settings.currency.is_none() {
            diagnostics.push(
                Diagnostic::error(
                    sources.find(&persona.source, "value_per_customer", &value.to_string(), 1),
                    "a persona gives its customers a value, but cxsite.yaml names no `currency`",
                )
                .with_hint(format!(
                    "add `currency: EUR` (or the currency the values are in) to {}",
                    Path::new(SETTINGS_FILE).display()
                )),
            );
        }
    }
}
