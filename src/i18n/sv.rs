use super::T;

pub fn text(key: T) -> &'static str {
    match key {
        T::ScreenStatus => "Status",
        T::ScreenIncidents => "Incidenter",
        T::ScreenRunbooks => "Reservrutiner",
        T::ScreenOnCall => "Jour",
        T::ScreenLog => "Logg",
        T::ScreenReview => "Granskning",
        T::ComingIncidents => {
            "Stora incidenter: deklarera, roller, tidslinje, kommunikation, avslut och uppföljning. Kommer med incidentfunktionen."
        }
        T::ComingRunbooks => {
            "Reservrutiner: pågående körningar och rutiner per system, steg för steg. Kommer med reservrutinfunktionen."
        }
        T::ComingOnCall => {
            "Jour: vem har jour nu, intern och leverantör, luckor i täckningen, eskalering. Kommer med jourfunktionen."
        }
        T::ComingReview => {
            "Granskning: chefläkarens kö av händelser med risk för vårdskada och Lex Maria-underlaget. Kommer med granskningsfunktionen."
        }
        T::Up => "uppe",
        T::Degraded => "försämrad",
        T::Down => "nere",
        T::Unknown => "okänd",
        T::Maintenance => "underhåll",
        T::MonitorHere => "övervakning: körs här",
        T::MonitorElsewhere => "övervakning: körs av",
        T::MonitorStaleSince => "övervakning: INAKTUELL sedan",
        T::MonitorBlind => "övervakning: BLIND",
        T::MonitorNone => "övervakning: STARTAR",
        T::ReadOnly => "endast läsning",
        T::BannerStale => "INAKTUELL STATUS: ingen övervakning har rapporterat sedan",
        T::BannerBlind => "ÖVERVAKNINGEN ÄR BLIND: tappat förbindelsen. Status OKÄND, inte nere.",
        T::BannerNoMonitor => "INGEN ÖVERVAKNING HAR RAPPORTERAT ÄNNU: status är okänd.",
        T::ColSystem => "System",
        T::ColState => "Läge",
        T::ColSince => "Sedan",
        T::ColLatency => "Svarstid",
        T::ColUptime => "Upp 24 h",
        T::ColOwner => "Ägare",
        T::ColImpactedBy => "Påverkad av",
        T::NoChecks => "inga kontroller",
        T::NotChecked => "ej kontrollerad",
        T::Flapping => "fladdrar",
        T::DetailChecks => "Kontroller",
        T::DetailUpstream => "Beror på",
        T::DetailDownstream => "Används av",
        T::DetailRunbooks => "Reservrutiner",
        T::DetailEvents => "Senaste händelser",
        T::DetailNone => "inga",
        T::DetailCriticality => "Kritikalitet",
        T::ColTime => "Tid",
        T::ColActor => "Av",
        T::ColKind => "Typ",
        T::ColSubject => "Gäller",
        T::ColText => "Text",
        T::LogEmpty => "Inga händelser.",
        T::LogRecorded => "registrerad",
        T::NotePrompt => "Anteckning (Enter sparar, Esc avbryter): ",
        T::NoteSaved => "Anteckningen sparad som händelse",
        T::NoteRefusedReadOnly => {
            "Du kan bara läsa: kontot finns inte bland personerna i konfigurationen."
        }
        T::HintMove => "↑↓ flytta",
        T::HintOpen => "Enter detaljer",
        T::HintClose => "Esc stäng",
        T::HintFilter => "/ filtrera",
        T::HintScreens => "1-6 vyer",
        T::HintHelp => "? hjälp",
        T::HintQuit => "q avsluta",
        T::HintNote => "n anteckning",
        T::HintCommand => "kommando",
        T::HintPage => "PgUp/PgDn bläddra",
        T::FilterPrompt => "Filter: ",
        T::CommandPrompt => ":",
        T::UnknownCommand => "Okänt kommando",
        T::HelpTitle => "Hjälp",
        T::HelpLogFile => "Loggfil",
        T::HelpKeys => "Tangenter",
        T::HelpClose => "Esc eller ? stänger hjälpen",
        T::ActQuit => "avsluta",
        T::ActUp => "upp",
        T::ActDown => "ned",
        T::ActPageUp => "sida upp",
        T::ActPageDown => "sida ned",
        T::ActTop => "först",
        T::ActBottom => "sist",
        T::ActOpen => "öppna detaljer",
        T::ActBack => "stäng / tillbaka",
        T::ActFilter => "filtrera listan",
        T::ActCommand => "kommandorad (:status, :logg, :q)",
        T::ActHelp => "hjälp",
        T::ActNote => "ny anteckning i driftdagboken",
        T::ActScreen => "byt vy",
        T::CritBusiness => "verksamhetskritiskt",
        T::CritHigh => "hög",
        T::CritNormal => "normal",
        T::CritLow => "låg",
        T::LoadError => "Kunde inte läsa databasen",
        T::Matches => "träffar",
    }
}
