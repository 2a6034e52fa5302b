//! The demo's words in each country's language: what a Danish therapist
//! writes in Danish, a Norwegian one writes in Norwegian Bokmål.

use rundt_domain::country::Country;
use rundt_domain::treatment::System;

/// The phrases the demo's courses are written with.
pub(super) struct Words {
    /// The two overarching goals: (goal, how it is measured).
    pub goals: [(&'static str, &'static str); 2],
    /// Strengths and needs per system: individual, family, peers, school,
    /// community.
    pub strengths: [&'static str; 5],
    pub needs: [&'static str; 5],
    pub parent: &'static str,
    /// The given name the caregivers of the earlier courses are listed
    /// under (they answer those families' adherence interviews).
    pub parent_name: &'static str,
    pub young_person: &'static str,
    pub class_teacher: &'static str,
    pub home: &'static str,
    /// Where a meeting at school is held.
    pub school: &'static str,
    pub father: &'static str,
    pub therapist: &'static str,
    pub desired_outcome: &'static str,
    pub weekly_goal: &'static str,
    pub meeting_school: &'static str,
    pub advances: &'static str,
    pub barriers: &'static str,
    pub driver: &'static str,
    pub supervision_recommendation: &'static str,
    pub declined: &'static str,
    /// Why the caseworker withdrew a referral.
    pub withdrawn: &'static str,
    /// Why the auditor put an old case on legal hold.
    pub legal_hold: &'static str,
    /// Names of the old families (retention): young person, caregiver,
    /// family name.
    pub archive_names: [(&'static str, &'static str, &'static str); 3],
    pub clinical_evaluation: &'static str,
    pub short_evaluation: &'static str,
    pub survey_comment: &'static str,
    pub follow_up_source: &'static str,
    pub stopped_reason: &'static str,
    /// The referral of the generated history: behaviour, frequency,
    /// intensity, duration.
    pub history_behaviour: [&'static str; 4],
}

const DANISH: Words = Words {
    goals: [
        (
            "Går i skole hver dag",
            "5 af 5 dage i 4 uger i træk (skolens fraværsregistrering)",
        ),
        (
            "Ingen vold i hjemmet",
            "ingen episoder i 6 uger ifølge forældrene",
        ),
    ],
    strengths: [
        "god til fodbold, humoristisk",
        "mor er meget engageret",
        "en prosocial ven fra klubben",
        "klasselæreren vil samarbejde",
        "fodboldklub tæt på hjemmet",
    ],
    needs: [
        "vrede, når der stilles krav",
        "uenighed mellem forældrene om regler",
        "ældre drenge efter skole",
        "mangler faglig støtte i matematik",
        "ingen voksne i fritiden",
    ],
    parent: "forælder",
    parent_name: "Forælder",
    young_person: "den unge",
    class_teacher: "klasselærer",
    home: "hjemmet",
    school: "skolen",
    father: "far",
    therapist: "terapeut",
    desired_outcome: "at hverdagen bliver rolig, og at barnet går i skole",
    weekly_goal: "hjemme kl. 21 fire aftener",
    meeting_school: "møde med skolen",
    advances: "forælderen holdt fast i aftalen om hjemkomst",
    barriers: "far arbejder om aftenen",
    driver: "ældre drenge efter skole",
    supervision_recommendation: "Inddrag klasselæreren i sikkerhedsplanen",
    declined: "over aldersgrænsen; henvist til ungdomsteamet",
    withdrawn: "familien er flyttet til Odense Kommune, som overtager sagen",
    legal_hold: "Forældrenes klage over sagsbehandlingen verserer i Ankestyrelsen",
    archive_names: [
        ("Sebastian", "Mette", "Holm"),
        ("Laura", "Susanne", "Vestergaard"),
        ("Mathias", "Karina", "Dalsgaard"),
    ],
    clinical_evaluation: "De overordnede mål er nået og har holdt i fire uger. Familien håndterer tilbagevendende konflikter selv, og den unge går i skole.",
    short_evaluation: "Evaluering af målene ved afslutningen.",
    survey_comment: "Vi fik hjælp, da det brændte på.",
    follow_up_source: "telefonsamtale med forælder",
    stopped_reason: "familien ønskede at stoppe",
    history_behaviour: [
        "Skolefravær og konflikter",
        "flere gange om ugen",
        "udeblevet fra skolen i ugevis",
        "et halvt år",
    ],
};

const NORWEGIAN: Words = Words {
    goals: [
        (
            "Går på skolen hver dag",
            "5 av 5 dager i 4 uker på rad (skolens fraværsføring)",
        ),
        (
            "Ingen vold hjemme",
            "ingen episoder på 6 uker ifølge foreldrene",
        ),
    ],
    strengths: [
        "flink i fotball, humoristisk",
        "mor er svært engasjert",
        "en prososial venn fra klubben",
        "kontaktlæreren vil samarbeide",
        "fotballklubb nær hjemmet",
    ],
    needs: [
        "sinne når det stilles krav",
        "foreldrene er uenige om regler",
        "eldre gutter etter skolen",
        "trenger faglig støtte i matematikk",
        "ingen voksne på fritiden",
    ],
    parent: "forelder",
    parent_name: "Forelder",
    young_person: "ungdommen",
    class_teacher: "kontaktlærer",
    home: "hjemmet",
    school: "skolen",
    father: "far",
    therapist: "terapeut",
    desired_outcome: "at hverdagen blir rolig, og at barnet går på skolen",
    weekly_goal: "hjemme kl. 21 fire kvelder",
    meeting_school: "møte med skolen",
    advances: "forelderen holdt fast på avtalen om når ungdommen skal være hjemme",
    barriers: "far jobber om kveldene",
    driver: "eldre gutter etter skolen",
    supervision_recommendation: "Ta med kontaktlæreren i sikkerhetsplanen",
    declined: "over aldersgrensen; henvist til ungdomsteamet",
    withdrawn: "familien har flyttet til Drammen kommune, som overtar saken",
    legal_hold: "Foreldrenes klage på saksbehandlingen er til behandling hos Statsforvalteren",
    archive_names: [
        ("Henrik", "Marit", "Lie"),
        ("Ingrid", "Tone", "Solberg"),
        ("Sindre", "Randi", "Aasen"),
    ],
    clinical_evaluation: "De overordnede målene er nådd og har holdt seg i fire uker. Familien håndterer tilbakevendende konflikter selv, og ungdommen går på skolen.",
    short_evaluation: "Evaluering av målene ved avslutning.",
    survey_comment: "Vi fikk hjelp da det brant som verst.",
    follow_up_source: "telefonsamtale med forelder",
    stopped_reason: "familien ønsket å avslutte",
    history_behaviour: [
        "Skolefravær og konflikter",
        "flere ganger i uken",
        "borte fra skolen i flere uker",
        "et halvt år",
    ],
};

/// The demo's words for a team in `country`.
pub(super) fn words(country: Country) -> &'static Words {
    match country {
        Country::DK => &DANISH,
        Country::NO => &NORWEGIAN,
    }
}

/// What the demo says of `system` in `country`: (strengths, needs).
pub(super) fn system_words(country: Country, system: System) -> (&'static str, &'static str) {
    let w = words(country);
    let i = match system {
        System::Individual => 0,
        System::Family => 1,
        System::Peers => 2,
        System::School => 3,
        System::Community => 4,
    };
    (w.strengths[i], w.needs[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_families_are_written_about_in_norwegian() {
        let no = words(Country::NO);
        let dk = words(Country::DK);
        assert_ne!(no.clinical_evaluation, dk.clinical_evaluation);
        assert_eq!(no.parent, "forelder");
        assert!(no.desired_outcome.contains("går på skolen"));
        // No Danish-only letters sequences ("æ" in "ældre", "øn" in "ønskede").
        for text in [no.needs[2], no.driver, no.stopped_reason, no.advances] {
            assert!(
                !text.contains("ældre") && !text.contains("ønskede"),
                "{text}"
            );
        }
    }
}
