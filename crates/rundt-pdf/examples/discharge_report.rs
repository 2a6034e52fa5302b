//! Renders a sample discharge report.
//!
//! `cargo run -p rundt-pdf --example discharge_report -- /tmp/rundt-sample.pdf`

use rundt_pdf::Document;

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "rundt-sample.pdf".to_owned());
    let mut doc = Document::new("Udskrivningsrapport – Æblegrød på Østerbro, Ålborg")
        .created("D:20261125120000Z")
        .author("MST-team Østerbro");
    doc.footer_text(
        "Rundt · Udskrivningsrapport · Fortroligt – må kun videregives efter Servicelovens regler",
    );
    doc.page_label("Side {page} af {pages}");

    doc.key_values(&[
        ("Familie", "Familien Søndergård"),
        ("Ungt menneske", "Mads Søndergård (f. 2011)"),
        ("Kommune", "Aalborg Kommune, Børn og Unge"),
        ("Forløb", "3. marts 2026 – 24. juli 2026 (20 uger)"),
        ("Terapeut", "Åse Bjørnstad-Nielsen"),
        ("Supervisor", "Jens Ærø"),
    ]);

    doc.heading("Resumé", 1);
    doc.paragraph(
        "Familien blev henvist på grund af gentagne konflikter i hjemmet, skolefravær og \
         kontakt med politiet. Forløbet har fokuseret på forældrenes “fælles front”, struktur \
         i hverdagen og samarbejde med skolen. Ved afslutningen går Mads i skole dagligt, \
         og der har ikke været nye henvendelser fra politiet de sidste 11 uger.",
    );
    doc.paragraph(
        "Forældrene vurderer selv, at de nu kan håndtere konflikter uden at de eskalerer – \
         især fordi de har aftalt faste konsekvenser og følger op på dem sammen.",
    );

    doc.heading("Mål og resultater", 2);
    doc.table(
        &["Mål", "Indikator", "Status"],
        &[
            vec![
                "Daglig skolegang".to_owned(),
                "Fremmøde mindst 90 % i fire uger".to_owned(),
                "Opnået (96 %)".to_owned(),
            ],
            vec![
                "Ingen ny kriminalitet".to_owned(),
                "Ingen politihenvendelser i de sidste 8 uger af forløbet".to_owned(),
                "Opnået".to_owned(),
            ],
            vec![
                "Forældrene samarbejder om regler".to_owned(),
                "Fælles regelsæt på køleskabet, fulgt op ugentligt ved familiemøde".to_owned(),
                "Delvist opnået".to_owned(),
            ],
            vec![
                "Positiv fritidsaktivitet".to_owned(),
                "Deltager i fodbold to gange om ugen".to_owned(),
                "Opnået".to_owned(),
            ],
        ],
        &[0.32, 0.46, 0.22],
    );

    doc.heading("Anbefalinger til kommunen", 2);
    doc.bullets(&[
        "Opfølgende samtale med familien efter 3 og 6 måneder.",
        "Skolen fortsætter den ugentlige kontakt med forældrene og giver besked til \
         sagsbehandleren, hvis fraværet igen stiger over 10 % i en måned.",
        "Ved tilbagefald anbefales kontakt til MST-teamet inden for 12 måneder (booster-session).",
    ]);

    doc.heading("Sessioner", 1);
    let rows: Vec<Vec<String>> = (1..=60)
        .map(|i| {
            vec![
                format!("{i}"),
                format!("{:02}.{:02}.2026", (i % 28) + 1, 3 + i / 14),
                if i % 3 == 0 {
                    "Skole".to_owned()
                } else {
                    "Hjemme".to_owned()
                },
                format!("Session {i}: opfølgning på adfærdsplan og forældrenes “fælles front”."),
            ]
        })
        .collect();
    doc.table(
        &["#", "Dato", "Sted", "Indhold"],
        &rows,
        &[0.07, 0.15, 0.13, 0.65],
    );

    std::fs::write(&path, doc.finish())
}
