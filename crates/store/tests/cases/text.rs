//! Text round-trips exactly: Japanese, full-width and half-width forms, emoji,
//! combining marks, line breaks.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::Page;
use hoshin_testkit::{fixtures::*, TestDb};

const SAMPLES: &[&str] = &[
    "令和６年度　ＳＤＧｓ推進（全角英数・全角スペース）",
    "ｶﾀｶﾅ半角とｶﾞｷﾞｸﾞ",
    "絵文字🌸🗾👨‍👩‍👧‍👦と異体字の葛󠄀城",
    "が（結合文字）と①②③㈱㍻",
    "改行\nと\tタブ、そして 'quote' \"double\" ; -- DROP TABLE",
    "𠮷野家の𩸽（サロゲートペア）",
];

pub async fn unicode_round_trips(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org(SAMPLES[0])).await?;
    let d = tx.insert_department(&department(org, SAMPLES[1], 1)).await?;
    let mut ids = Vec::new();
    for (n, text) in SAMPLES.iter().enumerate() {
        let new = NewInitiative {
            summary: Some(text.repeat(3)),
            milestones: vec![Milestone { text: (*text).into(), due: None, done: false }],
            sections: vec![TextSection { label: (*text).into(), body: (*text).into() }],
            reform_perspectives: vec![ReformPerspective { number: Some(n as u8), name: (*text).into() }],
            sort_order: n as i32,
            ..initiative(org, Some(d), 2024, text)
        };
        ids.push((tx.insert_initiative(&new).await?, new));
    }
    tx.commit().await?;

    assert_eq!(s.get_organization(org).await?.name, SAMPLES[0]);
    assert_eq!(s.get_department(d).await?.name, SAMPLES[1]);
    for (id, new) in &ids {
        let got = s.get_initiative(*id).await?;
        assert_eq!(got.name, new.name);
        assert_eq!(got.summary, new.summary);
        assert_eq!(got.milestones, new.milestones);
        assert_eq!(got.sections, new.sections);
        assert_eq!(got.reform_perspectives, new.reform_perspectives);
    }
    let listed = s.department_initiatives(d, fy(2024), Page::default()).await?;
    assert_eq!(listed.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), SAMPLES);
    // Exact match lookups work on such text too.
    assert_eq!(s.find_organization_by_name(SAMPLES[0]).await?.map(|o| o.id), Some(org));
    Ok(())
}
