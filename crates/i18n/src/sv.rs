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
        T::BannerLockedBy => "LOGGEN LÅST av",
        T::BannerLockedFor => "i",
        T::BannerLockedAlarms => "larm skickas ändå",
        T::BannerLogOfRecordLost => {
            "LOGGEN I POSTGRESQL NÅS INTE: visar det senast kända, inget kan sparas förrän den är tillbaka"
        }
        T::BannerDamaged => "LOGGEN ÄR SKADAD: inget kan sparas, återställ kopian (operations.md).",
        T::BannerWatchdog => "REGIONENS ÖVERVAKNING TYST",
        T::BannerWatchdogWhy => "dess larm når inte hit; system den bevakar visas OKÄNDA",
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
        T::StateImpacted => "påverkad",
        T::DegradedMany => "försämrade",
        T::ImpactedMany => "påverkade",
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
        T::FaultDiskFull => {
            "Disken där loggen ligger är full: inget sparades och loggen är som den var. Säg \
             till IT-jouren och försök igen när det finns plats."
        }
        T::FaultReadOnly => {
            "Loggen går inte att skriva härifrån (skrivskyddad): inget sparades. Säg till \
             IT-jouren."
        }
        T::FaultDamaged => {
            "Databasfilen är skadad: inget sparades. Säg till IT-jouren (återläsning från \
             säkerhetskopia)."
        }
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
        T::HelpInRun => "I en öppen körning (skärm 3)",
        T::HelpClose => "Esc eller ? stänger hjälpen",
        T::ActQuit => "avsluta",
        T::ActUp => "upp",
        T::ActDown => "ned",
        T::ActPageUp => "sida upp",
        T::ActPageDown => "sida ned",
        T::ActTop => "först",
        T::ActBottom => "sist",
        T::ActOpen => "öppna",
        T::ActBack => "stäng / tillbaka",
        T::ActFilter => "filtrera listan",
        T::ActCommand => "kommandorad (:status, :logg, :q)",
        T::ActHelp => "hjälp",
        T::ActNote => "ny anteckning i driftdagboken",
        T::ActIncidentNote => "anteckning i incidenten",
        T::ActScreen => "byt vy",
        T::DeclareDefaultTitle => "driftstörning",
        T::ConfirmDeclare => "Deklarera incident",
        T::ConfirmStatus => "Ändra status för",
        T::StillOut => "Fortfarande nere eller påverkat:",
        T::AndMore => "och ytterligare",
        T::ConfirmMilestone => "Sätt milstolpen",
        T::MovedRow => "flyttade i listan, rad",
        T::RunHintNote => "notera",
        T::RunHintComplete => "slutför",
        T::RunHintAbort => "avbryt",
        T::RunHintBack => "tillbaka",
        T::DraftKept => {
            "Inget sparades; det du skrev finns kvar som utkast när du öppnar rutan igen"
        }
        T::EmptyNothingSaved => {
            "Inget skrivet — inget sparades. Skriv svaret, eller Esc för att avbryta"
        }
        T::FilterCleared => "Filtret rensades för att visa det som är fel",
        T::SinceWord => "sedan",
        T::CursorWent => "markören följde med",
        T::Today => "i dag",
        T::Yesterday => "i går",
        T::TimeUnreadable => {
            "kan inte läsas som en tid: skriv t.ex. 10.30, 2026-12-06 10.30 eller 15m (för 15 \
             minuter sedan). Inget sparades"
        }
        T::PickerNoMatch => "Inget val i listan passar",
        T::ConfirmFlag => "Flagga risk för vårdskada för",
        T::Cancelled => "Avbrutet.",
        T::ConfirmHint => "  (j = ja, annan tangent = nej)",
        T::PromptIncidentNote => "Anteckning (Enter sparar, Ctrl-J ny rad, Esc avbryter): ",
        T::PromptDeclare => "Ny incident, rubrik: ",
        T::PromptStatus => "Ny status (↑↓ väljer, Enter): ",
        T::PromptMilestone => "Milstolpe (↑↓ välj; tid t.ex. 10.30, tom = nu): ",
        T::PromptRole => "Roll (↑↓ väljer, Enter): ",
        T::PromptPerson => "Vem (↑↓ väljer, Enter): ",
        T::PromptSeverity => "Allvarlighet (↑↓ väljer, Enter): ",
        T::PromptFlag => "Risk för vårdskada, beskriv: ",
        T::NewLineHint => "⏎",
        T::ColId => "Id",
        T::ColIncStatus => "Status",
        T::ColSeverity => "Allvarlighet",
        T::ColTitle => "Rubrik",
        T::ColCommander => "Incidentledare",
        T::ColDeclared => "Deklarerad",
        T::NoIncidents => {
            "Inga incidenter. Deklarera med d (här eller från ett system på statusvyn)."
        }
        T::IncLeadMissing => "inte utsedd",
        T::IncAssigns => "tilldelar",
        T::IncRoles => "Roller",
        T::IncMilestones => "Milstolpar",
        T::IncTimeline => "Tidslinje",
        T::IncSystems => "Påverkade system",
        T::IncSafety => "RISK FÖR VÅRDSKADA",
        T::BannerMajor => "STOR INCIDENT PÅGÅR",
        T::ActDeclare => "deklarera incident",
        T::ActSetStatus => "ändra status",
        T::ActSetMilestone => "sätt milstolpe",
        T::ActAssignRole => "tilldela roll",
        T::ActFlag => "flagga risk för vårdskada",
        T::IncDeclared => "Incident deklarerad",
        T::IncDone => "Sparat",
        T::CritBusiness => "verksamhetskritiskt",
        T::CritHigh => "hög",
        T::CritNormal => "normal",
        T::CritLow => "låg",
        T::RunNotAllowed => "Du har inte behörighet att köra reservrutiner",
        T::Roles => "roller",
        T::ConfirmStartRun => "Starta reservrutinen",
        T::ForIncident => "för",
        T::RunNotActive => "Körningen är avslutad och tar inga fler steg",
        T::NothingToUndo => "Steget är inte markerat: inget att ångra",
        T::StepsLeft => {
            "steg kvar: markera dem klara eller hoppa över dem (s), eller avbryt körningen (a)"
        }
        T::ConfirmComplete => "Slutför körningen",
        T::ConfirmAbort => "Avbryt körningen",
        T::Step => "Steg",
        T::AlreadyTaken => "är redan markerat av",
        T::RunbookProblems => {
            "reservrutinfil(er) har fel och visas inte: kör `beredskap runbook lint`"
        }
        T::RunbookGone => {
            "reservrutinen finns inte längre (eller har fel): kör `beredskap runbook lint`"
        }
        T::RunGone => "körningen finns inte",
        T::RunStarted => "Reservrutin startad:",
        T::Saved => "sparat",
        T::PromptSkip => "Varför hoppas steget över? ",
        T::PromptStepNote => "Anteckning till steget: ",
        T::PromptUndo => "Varför ångras steget? ",
        T::PromptAbort => "Varför avbryts körningen? ",
        T::RunsActive => "Pågående körningar",
        T::RunbooksHeading => "Reservrutiner (Enter startar)",
        T::RunsFinished => "Avslutade körningar",
        T::NoRunbooks => "Inga reservrutiner hittades i runbooks-katalogen.",
        T::StepsWord => "steg",
        T::OfWord => "av",
        T::StepsFinished => "steg klara",
        T::StateDone => "klart",
        T::StateSkipped => "överhoppat",
        T::RunCompletedBanner => "Körningen är slutförd",
        T::RunAbortedBanner => "Körningen är avbruten",
        T::StartedBy => "startad av",
        T::RoleWord => "roll",
        T::ValueWord => "anteckna",
        T::ActStepDone => "klar",
        T::ActStepSkip => "hoppa över",
        T::ActStepNote => "anteckning",
        T::ActStepUndo => "ångra",
        T::ActRunComplete => "slutför körningen",
        T::ActRunAbort => "avbryt körningen",
        T::KeySpace => "Mellanslag",
        T::AllStepsFinished => "Alla steg är klara: tryck c för att slutföra körningen.",
        T::PrintHeading => "RESERVRUTIN",
        T::PrintVersion => "version",
        T::PrintOwner => "ägare",
        T::PrintSystems => "system:",
        T::PrintChecksum => "kontrollsumma",
        T::PrintPrinted => "utskriven",
        T::PrintRun => "Körning",
        T::PrintRunActive => "pågår",
        T::PrintActivation => "Aktiveras när",
        T::PrintRoles => "Roller",
        T::PrintRole => "Roll",
        T::PrintDone => "Klart",
        T::PrintSkipped => "Överhoppat",
        T::PrintNote => "Anteckning",
        T::PrintBefore => {
            "Skriv ut reservrutinen innan driftstoppet och förvara den i reservpärmen: när systemen ligger nere går den inte att skriva ut. Kryssa i rutan, skriv klockslag och signera varje steg. Skriv aldrig personnummer här."
        }
        T::PrintUnit => "Enhet",
        T::PrintDate => "Datum",
        T::PrintResponsible => "Ansvarig",
        T::PrintTime => "Tid",
        T::PrintSignature => "Signatur",
        T::PrintPage => "sida",
        T::PrintContinued => "forts.",
        T::Hours247 => "24/7",
        T::HoursOffice => "kontorstid",
        T::HoursOutside => "utanför kontorstid",
        T::HoursWeekends => "helger",
        T::RotaNotAllowed => "Du har inte behörighet att ändra jourschemat",
        T::ConfirmTake => "Ta passet för",
        T::Until => "till",
        T::OncallNow => "Jour nu",
        T::ColTeam => "Team",
        T::ColLayer => "Lager",
        T::ColOnCall => "I tjänst",
        T::ColPhone => "Telefon",
        T::ColUntil => "Till",
        T::ColNext => "Nästa",
        T::Nobody => "INGEN JOUR",
        T::Suppliers => "Leverantörsjour",
        T::AnswersNow => "svarar nu",
        T::NotAnswering => "svarar INTE nu",
        T::CoverageHeading => "Täckning 14 dygn, verksamhetskritiska system med luckor",
        T::CoverageLegend => "━ täckt  ╍ delvis  ✖ ingen jour",
        T::NoGaps => "Alla verksamhetskritiska system har jour de kommande 14 dygnen.",
        T::ActTake => "ta passet",
        T::OverrideMark => "byte",
        T::DetailWhoToCall => "Vem ringer jag",
        T::DetailSupplier => "Leverantör",
        T::ShiftTaken => "Du har jouren nu",
        T::NoPagesToAck => "Inget larm att kvittera",
        T::BannerPage => "LARM",
        T::Press => "tryck",
        T::AndThen => "och sedan",
        T::ToAck => "för att kvittera",
        T::AckByCommand => "skriv :kvittera och Enter för att kvittera",
        T::FilterActive => "Filter",
        T::ClearsIt => "rensar",
        T::OutsideFilter => "utanför filtret",
        T::PasteOutsidePrompt => {
            "inklistrad text tas bara emot i en anteckning eller en fråga (tryck n först)"
        }
        T::NewTrouble => "Ny störning",
        T::JumpsThere => "hoppar dit",
        T::HelpEverywhere => "Överallt",
        T::HelpTyping => "När du skriver",
        T::HelpNotYourRole => "(inte med din roll)",
        T::Saving => "sparar…",
        T::WorkerGone => {
            "konsolens arbetstråd har stannat: inget mer kan sparas — starta om konsolen"
        }
        T::TypeMove => "radens början / slut, ett tecken bakåt / framåt",
        T::TypeWord => "ett ord bakåt / framåt",
        T::TypeDelete => "radera ordet före / till början / till slutet",
        T::TypeNewLine => "ny rad (anteckningar, fält med flera rader)",
        T::TypeCancel => "avbryt, inget sparas",
        T::HelpLines => "rad",
        T::YourRole => "Din roll",
        T::MayNot => "får inte",
        T::AlreadyActiveRun => "Det finns redan en aktiv körning av",
        T::StartedAt => "startad",
        T::ConfirmOpenOrStartHint => {
            "  Enter = öppna den, j = starta en till, annan tangent = avbryt"
        }
        T::SavingBusy => "sparar… loggen är upptagen av en annan process, försöker igen",
        T::StepIsFor => "är för",
        T::YouAre => "du är",
        T::MarkDoneAnyway => "Markera klart ändå?",
        T::DoneBy => "utfört av",
        T::Confirmed => "bekräftat",
        T::EventTitle => "Händelse",
        T::EventClose => "Esc stänger, ↑↓ rullar",
        T::EventHash => "hash",
        T::EventPrevHash => "föregående hash",
        T::OsAccount => "OS-konto",
        T::DetailScrollHint => "PgUp/PgDn rullar",
        T::ActAck => "kvittera larm",
        T::PagesOpen => "Öppna larm",
        T::NoOpenPages => "Inga öppna larm.",
        T::Acknowledged => "Kvitterat",
        T::NextStep => "nästa steg",
        T::AtClock => "kl",
        T::StepWord => "steg",
        T::RoundWord => "varv",
        T::DesktopOff => {
            "Skrivbordsnotiser är av här (ingen D-Bus-session); larm går via terminalen: ljud och OSC 9"
        }
        T::YouGoOnCall => "Du går på jour för",
        T::In => "om",
        T::HandoffFrom => "Överlämning från",
        T::PromptHandoff => "Överlämning till nästa jour: ",
        T::HandoffSaved => "Överlämningen sparad",
        T::ActHandoff => "överlämning",
        T::PromptPage => "Larmmeddelande: ",
        T::ConfirmPage => "Larma",
        T::ActPage => "larma jouren",
        T::Paged => "Larmat",
        T::NoReviews => "Inga incidenter flaggade för risk för vårdskada väntar på granskning.",
        T::ColAge => "Ålder",
        T::ColTarget => "Lokalt mål",
        T::ColAssessed => "Bedömd av",
        T::ColDecision => "Lex Maria",
        T::Late => "sent",
        T::NotYet => "ej ännu",
        T::ReportYes => "anmäls",
        T::ReportNo => "anmäls ej",
        T::TargetNote => "Lokalt mål för beslut (regionens mål, inte lag; lagen säger snarast):",
        T::Days => "dagar",
        T::ExportHint => {
            "Bedöm med b, besluta med l; e sparar underlaget (Markdown och PDF/A) i exportkatalogen och visar var. Från kommandoraden: beredskap review assess, beredskap export lex-maria."
        }
        T::ReviewReadOnly => {
            "Din roll kan läsa underlaget (Enter); att bedöma, besluta och exportera kräver en annan roll."
        }
        T::ColClocks => "Andra klockor",
        T::ActExport => "exportera underlag",
        T::ActDecide => "Lex Maria-beslut",
        T::PromptDecide => "Anmäla till IVO? j eller n, sedan motiveringen: ",
        T::Exported => "Underlaget sparat",
        T::DecideFormat => "Skriv j eller n följt av motiveringen",
        T::ActAssess => "bedöm",
        T::AssessQ0 => "1/11 Uppstod vårdskada? ja, nej eller okänd: ",
        T::AssessQ1 => "2/11 Risk för allvarlig vårdskada? j eller n: ",
        T::AssessQ2 => "3/11 Motivering: ",
        T::AssessQ3 => "4/11 Berörda vårdenheter (- för inga): ",
        T::AssessQ4 => "5/11 Berörda patienter: ett antal, eller risk: ",
        T::AssessQ5 => "6/11 Patient eller närstående informerad? j eller n, sedan hur: ",
        T::AssessQ6 => "7/11 Tidigare liknande händelser (- för inga): ",
        T::AssessQ7 => "8/11 Bakomliggande orsaker: ",
        T::AssessQ8 => "9/11 Orsaksområden (- för inga): ",
        T::AssessQ9 => "10/11 Riskbedömning: ",
        T::AssessAction => "11/11 Åtgärd (- när klart): ",
        T::AssessBad => "Svaret går inte att läsa; försök igen",
        T::AssessBadHarm => "Svara ja, nej eller okänd",
        T::AssessBadYesNo => "Svara j eller n",
        T::AssessBadInformed => "Svara j eller n först, sedan hur: till exempel j, per telefon",
        T::AssessBadEmpty => "Frågan behöver ett svar: IVO frågar efter det",
        T::AssessBadPatients => "Skriv ett antal (till exempel 3) eller risk",
        T::AssessBadEarlier => {
            "Skriv incidentens id och j eller n, till exempel INC-2025-0003 j; kommatecken mellan flera"
        }
        T::AssessBadAreas => "Skriv numren 1–6, till exempel 4 5",
        T::AssessBadAction => {
            "Skriv vad; ansvarig; klart ÅÅÅÅ-MM-DD; uppföljning; stark, medelstark eller svag. Vad och ett giltigt datum behövs"
        }
        T::AssessGuideEarlier => {
            "Tidigare liknande händelser: skriv incidentens id och j (liknande) eller n (inte liknande), kommatecken mellan flera, till exempel INC-2025-0003 j. De föreslagna står i underlaget (Enter på raden)."
        }
        T::AssessGuideAreas => {
            "Orsaksområden (händelseanalys): 1 Kommunikation och information · 2 Utbildning och kompetens · 3 Omgivning · 4 Teknik, utrustning och apparatur · 5 Procedurer, rutiner och riktlinjer · 6 Barriärer och skydd. Skriv numren, till exempel 4 5."
        }
        T::AssessGuideAction => {
            "vad; ansvarig; klart ÅÅÅÅ-MM-DD; hur den följs upp; stark, medelstark eller svag. Till exempel: Larma om certifikat; it-drift; 2026-12-15; larm 14 dagar före; stark."
        }
        T::AssessGuidePatients => {
            "Berörda patienter: antalet patienter som drabbades, eller risk om ingen drabbades men någon hade kunnat. Esc går tillbaka en fråga."
        }
        T::SubjectDiary => "driftdagbok",
        T::SubjectMonitor => "övervakning",
        T::SubjectMaintenance => "underhåll",
        T::SubjectConfig => "konfiguration",
        T::SubjectLog => "loggen",
        T::AssessBackHint => "Esc går tillbaka en fråga",
        T::ConfirmAssess => "Spara bedömningen för",
        T::DecideAgainstWhy => {
            "Bedömningen fann risk för allvarlig vårdskada: att inte anmäla går emot den. Motivera varför; det registreras som ett medvetet val."
        }
        T::PromptDecideAgainst => "Motivering till att inte anmäla trots risk: ",
        T::ConfirmDecideAgainst => "Ingen anmälan, medvetet mot bedömningen, för",
        T::ActYear => "årsöversikt",
        T::ActUnmapped => "visa omappade larm",
        T::UnmappedBanner => "omappade larm från regionens övervakning — inget system tar emot dem",
        T::UnmappedBannerOne => {
            "omappat larm från regionens övervakning — inget system tar emot det"
        }
        T::UnmappedTitle => "Omappade larm",
        T::UnmappedMapWith => "Koppla det till ett system: lägg till under systemets [[systems]]:",
        T::UnmappedNone => "Inga omappade larm: varje larm som skickas når ett system.",
        T::UnmappedSeen => "först",
        T::LoadError => "Kunde inte läsa databasen",
        T::Matches => "träffar",
    }
}
