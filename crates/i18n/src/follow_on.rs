//! A fold of follow-on status changes in words, for the record and the console:
//! "Kärnnätverk: 4 följdpåverkade system nere: A, B, C, D", "Kärnnätverk: 5 system ◆
//! påverkade (…): A, …" for those up by their own checks, or where the impact ended,
//! "Kärnnätverk: följdpåverkan upphörde för 4 system: A, B, C, D" (model::follow_on folds).

use super::Lang;
use crate::model::follow_on::FollowOn;
use crate::model::region::Region;

/// What the fold says, its `systems` (ids, `FollowOn::systems`) by name.
pub fn text(lang: Lang, region: &Region, fold: &FollowOn, systems: &[String]) -> String {
    let name =
        |id: &str| -> String { region.system(id).map_or(id.to_string(), |s| s.name.clone()) };
    let names: Vec<String> = systems.iter().map(|id| name(id)).collect();
    let n = names.len();
    let what = if fold.ended {
        let mut what = match lang {
            Lang::Sv => format!("följdpåverkan upphörde för {n} system"),
            Lang::En => format!("{n} systems no longer impacted"),
        };
        if fold.previous != fold.health {
            what.push_str(&format!(
                ", {} → {}",
                lang.health(fold.previous),
                lang.health(fold.health)
            ));
        }
        what
    } else if fold.health == crate::model::health::Health::Up {
        // Up by their own checks, but not reached or seen through the system that is down:
        // "5 följdpåverkade system uppe" read as "up, fine" (issue 32).
        match lang {
            Lang::Sv => format!(
                "{n} system ◆ påverkade (deras egna kontroller svarar, men de nås inte genom det)"
            ),
            Lang::En => format!(
                "{n} systems ◆ impacted (their own checks answer, but they cannot be reached \
                 through it)"
            ),
        }
    } else {
        match lang {
            Lang::Sv => format!("{n} följdpåverkade system {}", lang.health(fold.health)),
            Lang::En => format!("{n} systems impacted in turn, {}", lang.health(fold.health)),
        }
    };
    format!("{}: {what}: {}", name(&fold.cause), names.join(", "))
}
