//! The index end to end on a handful of documents: variant spellings, phrases, ranking by
//! relevance then year, facets and filters, drafts visible only to their organization,
//! highlighting, updates and deletes, similar initiatives, reopening and refusing a broken index.

use hoshin_search::*;

fn doc(key: &str, org: i64, year: u16, title: &str, body: &str) -> IndexDoc {
    IndexDoc {
        key: key.into(),
        kind: Kind::Initiative,
        title: title.into(),
        body: body.into(),
        url: format!("/initiatives/{}", &key[2..]),
        visibility: Visibility::Public,
        org_id: org,
        org_name: format!("市{org}"),
        prefecture: Some(if org % 2 == 0 { "東京都" } else { "大阪府" }.into()),
        year: Some(year),
        department: Some("子ども部".into()),
        theme: None,
        perspectives: vec!["②参加と協働".into()],
        sdgs: vec![4, 11],
        genres: Vec::new(),
    }
}

fn corpus() -> Vec<IndexDoc> {
    vec![
        doc("i:1", 1, 2023, "子ども食堂への支援", "地域の子供食堂の運営を支援します。"),
        doc("i:2", 2, 2024, "こども食堂ネットワーク", "こどもの居場所づくりを進めます。"),
        doc("i:3", 3, 2022, "子供の学習支援", "放課後の学習の場を設けます。"),
        doc("i:4", 1, 2024, "ＤＸ推進計画の策定", "行政のデジタル化を進めます。"),
        doc("i:5", 2, 2023, "デジタル変革による窓口改革", "書かない窓口を導入します。"),
        doc("i:6", 3, 2024, "公共施設の適正管理", "公共施設マネジメント基本方針に基づく施設の適正管理。"),
        doc("i:7", 4, 2023, "防災訓練の実施", "地域の取り組みとして防災訓練を行います。"),
        doc("i:8", 4, 2024, "防災訓練の実施", "地域の取組として防災訓練を行います。"),
    ]
}

fn build(dir: &std::path::Path, docs: &[IndexDoc]) -> SearchIndex {
    let mut b = Builder::create(dir, 1).expect("create");
    for d in docs {
        b.add(d).expect("add");
    }
    b.finish(7).expect("finish");
    SearchIndex::open(dir).expect("open")
}

fn keys(idx: &SearchIndex, q: &str) -> Vec<String> {
    let r = idx.search(&Request { text: q.into(), limit: 20, ..Request::default() }).expect("search");
    r.hits.iter().map(|h| h.key.clone()).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn variant_spellings_find_each_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    for q in ["子ども食堂", "子供食堂", "こども食堂"] {
        assert_eq!(sorted(keys(&idx, q)), ["i:1", "i:2"], "{q}");
    }
    for q in ["DX", "ＤＸ", "デジタル変革", "dx"] {
        assert_eq!(sorted(keys(&idx, q)), ["i:4", "i:5"], "{q}");
    }
    for q in ["取組", "取り組み"] {
        assert_eq!(sorted(keys(&idx, q)), ["i:7", "i:8"], "{q}");
    }
    assert_eq!(idx.cursor(), Some(7));
}

#[test]
fn words_are_and_phrases_are_adjacent_and_ties_go_to_the_newer_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    assert_eq!(keys(&idx, "公共施設 適正管理"), ["i:6"]);
    assert_eq!(keys(&idx, "\"施設の適正管理\""), ["i:6"]);
    assert!(keys(&idx, "\"管理 適正\"").is_empty());
    assert_eq!(keys(&idx, "防災訓練"), ["i:8", "i:7"], "equal text: the newer year first");
    assert!(keys(&idx, "の").is_empty(), "a particle alone searches nothing");
}

/// A word the analyzer splits matches only where its parts are adjacent and in order (particles
/// between them dropped), however many documents hold the parts apart.
#[test]
fn split_words_need_their_parts_adjacent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut docs = corpus();
    docs.push(doc("i:9", 5, 2024, "訓練施設の改修", "防災の日に合わせて訓練を行う。"));
    docs.push(doc("i:10", 5, 2024, "施設管理の見直し", "公共施設の管理を適正に行う。"));
    docs.push(doc("i:11", 6, 2024, "基本計画の改定", "計画の基本を見直す。"));
    let idx = build(dir.path(), &docs);
    assert_eq!(keys(&idx, "防災訓練"), ["i:8", "i:7"], "防災 … 訓練 apart is not 防災訓練");
    assert_eq!(sorted(keys(&idx, "施設管理")), ["i:10"], "a particle between the parts still joins them");
    // Three parts: every pair must be there and the phrase in order.
    assert_eq!(keys(&idx, "公共施設マネジメント"), ["i:6"]);
    assert_eq!(keys(&idx, "基本計画"), ["i:11"]);
    assert_eq!(keys(&idx, "計画基本"), ["i:11"], "計画の基本: the particle dropped, the parts adjacent");
    assert!(keys(&idx, "訓練防災").is_empty(), "the parts in the other order");
}

/// A split word in the title counts double, as a one-term word does; the end of the title and
/// the start of the body are not adjacent.
#[test]
fn split_words_in_the_title_rank_first_and_do_not_span_title_and_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = [
        doc("i:1", 1, 2020, "子育て支援の充実", "子育て支援を行う。"),
        doc("i:2", 2, 2024, "相談窓口の充実", "子育て支援を行う。"),
        doc("i:3", 3, 2024, "地域の子育て", "支援を行う。"),
    ];
    let idx = build(dir.path(), &docs);
    assert_eq!(keys(&idx, "子育て支援"), ["i:1", "i:2"], "the title match first, though older");
    assert_eq!(keys(&idx, "\"子育て 支援\""), ["i:1", "i:2"], "the same as a quoted phrase");
    assert_eq!(sorted(keys(&idx, "子育て 支援")), ["i:1", "i:2", "i:3"], "two words need not be adjacent");
}

#[test]
fn facets_count_and_filter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    let r =
        idx.search(&Request { text: "支援".into(), limit: 10, facets: true, ..Request::default() }).expect("search");
    assert_eq!(r.total, 2);
    let years = &r.facets.iter().find(|(f, _)| *f == Facet::Year).expect("year facet").1;
    assert_eq!(years, &[("2022".to_string(), 1), ("2023".to_string(), 1)]);
    let sdg = &r.facets.iter().find(|(f, _)| *f == Facet::Sdg).expect("sdg facet").1;
    assert_eq!(sdg.len(), 2);
    let only = idx
        .search(&Request {
            text: "支援".into(),
            filters: vec![(Facet::Prefecture, "大阪府".into()), (Facet::Year, "2022".into())],
            limit: 10,
            ..Request::default()
        })
        .expect("search");
    assert_eq!(only.hits.iter().map(|h| h.key.as_str()).collect::<Vec<_>>(), ["i:3"]);
    let paged =
        idx.search(&Request { text: "食堂".into(), offset: 1, limit: 1, ..Request::default() }).expect("search");
    assert_eq!((paged.total, paged.hits.len()), (2, 1));
}

#[test]
fn highlights_point_at_the_original_spelling() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    let r = idx.search(&Request { text: "こども食堂".into(), limit: 10, ..Request::default() }).expect("search");
    let one = r.hits.iter().find(|h| h.key == "i:1").expect("i:1");
    let marked: Vec<&str> = one.snippet.runs().into_iter().filter(|r| r.1).map(|r| r.0).collect();
    assert!(marked.contains(&"子供食堂"), "{:?}", one.snippet);
    assert!(one.title.runs().iter().any(|r| r.1 && r.0.contains("食堂")), "{:?}", one.title);
}

#[test]
fn drafts_only_for_their_organization_and_changes_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    let mut draft = doc("i:100", 1, 2025, "ひみつの下書き事業", "まだ公開していない下書きです。");
    draft.visibility = Visibility::Draft(1);
    idx.apply(&[], &[draft], 8).expect("apply");
    assert!(keys(&idx, "下書き事業").is_empty(), "the public never sees drafts");
    let mine = Request { text: "下書き事業".into(), drafts_of: Some(1), limit: 10, ..Request::default() };
    assert_eq!(idx.search(&mine).expect("search").hits.len(), 1);
    let other = Request { drafts_of: Some(2), ..mine.clone() };
    assert!(idx.search(&other).expect("search").hits.is_empty(), "another organization's staff do not either");
    // An edit replaces, a delete removes; the cursor follows.
    let edited = doc("i:6", 3, 2024, "公共施設の長寿命化", "改修で長く使います。");
    idx.apply(&["i:7".into()], &[edited], 9).expect("apply");
    assert!(keys(&idx, "適正管理").is_empty());
    assert_eq!(keys(&idx, "長寿命化"), ["i:6"]);
    assert_eq!(keys(&idx, "防災訓練"), ["i:8"]);
    assert_eq!(idx.cursor(), Some(9));
    drop(idx);
    let again = SearchIndex::open(dir.path()).expect("reopen");
    assert_eq!(again.cursor(), Some(9));
    assert_eq!(keys(&again, "長寿命化"), ["i:6"]);
}

#[test]
fn similar_initiatives_come_from_other_organizations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    let s = idx.similar("子ども食堂への支援", "地域の子供食堂の運営を支援します。", 1, 5).expect("similar");
    assert!(!s.is_empty());
    assert!(s.iter().all(|h| h.org_id != 1));
    assert_eq!(s[0].key, "i:2");
}

#[test]
fn a_similar_initiative_tied_across_years_is_shown_in_its_latest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut docs = vec![doc("i:1", 1, 2024, "子ども食堂への支援", "地域の子供食堂の運営を支援します。")];
    // Org 2 carried the same initiative over five years: the same text, the same score.
    for (k, year) in [2021, 2019, 2024, 2020, 2022].into_iter().enumerate() {
        docs.push(doc(&format!("i:{}", 10 + k), 2, year, "子ども食堂の支援", "子供食堂の運営を支援します。"));
    }
    docs.extend(
        (0..200).map(|k| doc(&format!("i:{}", 100 + k), 3 + k as i64 % 5, 2023, "道路の補修", "舗装を直します。")),
    );
    let idx = build(dir.path(), &docs);
    let s = idx.similar("子ども食堂への支援", "地域の子供食堂の運営を支援します。", 1, 1).expect("similar");
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].key.as_str(), s[0].year), ("i:12", Some(2024)));
    let all = idx.similar("子ども食堂への支援", "地域の子供食堂の運営を支援します。", 1, 5).expect("similar");
    let years: Vec<Option<u16>> = all.iter().map(|h| h.year).collect();
    assert_eq!(years, [Some(2024), Some(2022), Some(2021), Some(2020), Some(2019)]);
}

#[test]
fn similar_initiatives_pruned_are_those_of_scoring_every_match() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 100 words (Latin letters: one term each), each in about a tenth of the documents or
    // fewer, so that a text's terms all count (none is too common to) and the query ORs several.
    let letters = ["b", "c", "d", "f", "g", "h", "k", "m", "p", "t"];
    let words: Vec<String> = (0..100).map(|w| format!("{}a{}o", letters[w / 10], letters[w % 10])).collect();
    let make = |i: usize| {
        let pick = |k: usize| words[(i * 7 + k * 13 + i / 13) % words.len()].as_str();
        let title = format!("{}の{}", pick(0), pick(1));
        let mut body: Vec<&str> = (0..1 + (i * 31) % 8).map(|k| pick(k + 2)).collect();
        body.push("everywhere");
        // Org 1 holds half of everything (so its own text finds mostly its own initiatives,
        // which the filter then drops); some drafts; some records that are not initiatives.
        let org = if i.is_multiple_of(2) { 1 } else { (i % 7) as i64 + 2 };
        let mut d = doc(&format!("i:{i}"), org, 2020 + (i % 5) as u16, &title, &body.join("を"));
        if i.is_multiple_of(11) {
            d.visibility = Visibility::Draft(org);
        }
        if i.is_multiple_of(5) {
            d.kind = Kind::Node;
        }
        d
    };
    let idx = build(dir.path(), &(0..2_000).map(make).collect::<Vec<_>>());
    let mut compared = 0;
    let probes = [
        (format!("{}の{}", words[3], words[10]), format!("{}を{}", words[16], words[23])),
        (words[42].clone(), words[55].clone()),
        (format!("{}と{}と{}", words[7], words[8], words[9]), String::new()),
        ("無関係".to_string(), String::new()),
    ];
    for (title, body) in &probes {
        for org in [1, 3] {
            let every: std::collections::HashMap<String, f32> = idx
                .similar_unpruned(title, body, org, 100_000)
                .expect("similar")
                .into_iter()
                .map(|h| (h.key, h.score))
                .collect();
            for limit in [1, 6, 30, 600] {
                let fast = idx.similar(title, body, org, limit).expect("similar");
                let full = idx.similar_unpruned(title, body, org, limit).expect("similar");
                // A top of the same scores, each hit a match scored as the slow way scores it.
                // Equal scores may come out in either order: a term union and a conjunction add
                // their terms up in different orders, so ties differ in the last place of an f32.
                let near = |a: f32, b: f32| (a - b).abs() <= b.abs() * 1e-6;
                assert_eq!(fast.len(), full.len(), "{title} {org} {limit}");
                for (a, b) in fast.iter().zip(&full) {
                    assert!(near(a.score, b.score), "{title} {org} {limit}: {a:?} {b:?}");
                    let score = every.get(&a.key).unwrap_or_else(|| panic!("{title} {org}: {} is no match", a.key));
                    assert!(near(a.score, *score), "{title} {org} {limit}: {a:?} {score}");
                }
                assert!(fast.iter().all(|h| h.org_id != org && h.kind != Kind::Node), "{title} {org}");
                // No draft (every eleventh record is one).
                assert!(fast.iter().all(|h| h.key[2..].parse::<usize>().unwrap() % 11 != 0), "{title} {org}");
                compared += fast.len();
            }
        }
    }
    assert!(compared > 500, "{compared}");
    // A word in every document says nothing: it is left out of the query, unless it is all
    // the text has.
    let keys = |v: Vec<Hit>| v.into_iter().map(|h| h.key).collect::<Vec<_>>();
    let with = idx.similar("", &format!("{}を{}", words[42], "everywhere"), 3, 5_000).expect("similar");
    let alone = idx.similar("", &words[42], 3, 5_000).expect("similar");
    assert!(!alone.is_empty() && alone.len() < 300, "{}", alone.len());
    assert_eq!(keys(with), keys(alone));
    assert_eq!(idx.similar("", "everywhere", 3, 30).expect("similar").len(), 30);
}

#[test]
fn a_missing_or_broken_index_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(SearchIndex::open(&dir.path().join("none")).is_err());
    let idx = build(dir.path(), &corpus());
    drop(idx);
    std::fs::write(dir.path().join("meta.json"), b"{ not json").expect("write");
    assert!(SearchIndex::open(dir.path()).is_err());
}

#[test]
fn identical_requests_are_cached_until_the_index_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    let req = Request { text: "防災訓練".into(), limit: 10, facets: true, ..Request::default() };
    let first = idx.search(&req).expect("search");
    let again = idx.search(&req).expect("search");
    assert!(std::sync::Arc::ptr_eq(&first, &again), "the same answer, from the cache");
    assert_eq!(idx.cached_answers(), 1);
    assert_eq!(first.hits.len(), 2);
    // A change makes every kept answer stale: the next search sees it.
    let before = idx.generation();
    idx.apply(&["i:7".into()], &[], 8).expect("apply");
    assert_ne!(idx.generation(), before);
    let after = idx.search(&req).expect("search");
    assert_eq!(after.hits.iter().map(|h| h.key.as_str()).collect::<Vec<_>>(), ["i:8"]);
    assert_eq!(idx.cached_answers(), 1, "the stale answers were dropped");
    // Without a cache every search reads the index.
    drop(idx);
    let uncached = SearchIndex::open(dir.path()).expect("reopen").with_cache(0);
    let a = uncached.search(&req).expect("search");
    let b = uncached.search(&req).expect("search");
    assert!(!std::sync::Arc::ptr_eq(&a, &b));
    assert_eq!(uncached.cached_answers(), 0);
}

#[test]
fn a_reopened_index_never_repeats_a_generation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    let g = idx.generation();
    let other = SearchIndex::open(dir.path()).expect("open again");
    assert_ne!(other.generation(), g, "a cache keyed by generation must not mix two indexes");
}

#[test]
fn facet_counts_of_many_hits_are_estimated_and_say_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = FACET_SAMPLE + 3_000;
    let docs: Vec<IndexDoc> =
        (0..n).map(|i| doc(&format!("i:{i}"), (i % 4) as i64 + 1, 2020 + (i % 5) as u16, "防災", "訓練")).collect();
    let idx = build(dir.path(), &docs);
    let r =
        idx.search(&Request { text: "防災".into(), limit: 20, facets: true, ..Request::default() }).expect("search");
    assert_eq!(r.total, n as u64, "the total stays exact");
    assert_eq!(r.hits.len(), 20);
    assert!(r.facets_estimated);
    let years = &r.facets.iter().find(|(f, _)| *f == Facet::Year).expect("year facet").1;
    assert_eq!(years.len(), 5);
    let sum: u32 = years.iter().map(|(_, c)| c).sum();
    let err = (f64::from(sum) - n as f64).abs() / n as f64;
    assert!(err < 0.1, "estimated {sum} of {n}");
    for (_, c) in years {
        let share = f64::from(*c) / f64::from(sum);
        assert!((share - 0.2).abs() < 0.05, "{years:?}");
    }
    let few = idx
        .search(&Request {
            text: "防災".into(),
            filters: vec![(Facet::Year, "2020".into()), (Facet::Org, "1".into())],
            limit: 20,
            facets: true,
            ..Request::default()
        })
        .expect("search");
    assert!(!few.facets_estimated, "a few hits are counted exactly");
}

/// A build on several threads (a segment each) ends as one segment, which a search reads once
/// (see `Builder::finish`), with every document and the change-log position.
#[test]
fn a_build_is_one_segment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut b = Builder::create(dir.path(), 4).expect("create");
    for i in 0..2_000 {
        b.add(&doc(&format!("i:{i}"), (i % 7) as i64 + 1, 2024, "防災訓練の実施", "地域の防災訓練")).expect("add");
    }
    b.finish(42).expect("finish");
    let idx = SearchIndex::open(dir.path()).expect("open");
    assert_eq!(idx.segment_count(), 1);
    assert_eq!(idx.cursor(), Some(42));
    assert_eq!(idx.search(&Request { text: "防災訓練".into(), ..Request::default() }).expect("search").total, 2_000);
}

/// Asking for the top values of each facet gives the first values of the whole list: most
/// counted first, a tie settled by the value (organization "10" before "9"), in one segment
/// (where only those values are named) and over several.
#[test]
fn facet_values_asked_for_are_the_top_of_all_of_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Organization: how many documents it holds.
    let orgs: [(i64, usize); 6] = [(7, 5), (9, 3), (10, 3), (4, 3), (5, 1), (6, 1)];
    let mut docs = Vec::new();
    for (org, n) in orgs {
        for k in 0..n {
            let year = 2020 + (k as u16 % 2);
            docs.push(doc(&format!("i:{org}{k}"), org, year, "防災訓練", "地域の訓練"));
        }
    }
    let idx = build(dir.path(), &docs);
    let search = |values: usize| {
        let req =
            Request { text: "防災訓練".into(), limit: 5, facets: true, facet_values: values, ..Request::default() };
        (idx.search_uncached(&req).expect("search"), idx.search_unpruned(&req).expect("search"))
    };
    let check = |segments: &str, organizations: usize| {
        let (all, all_unpruned) = search(0);
        assert_eq!(all.facets, all_unpruned.facets);
        let org = |r: &Results| r.facets.iter().find(|(f, _)| *f == Facet::Org).expect("org facet").1.clone();
        assert_eq!(org(&all).len(), organizations, "{segments}: every organization without a limit");
        for values in [1, 2, 3, 4] {
            let (top, top_unpruned) = search(values);
            for ((f, list), (g, full)) in top.facets.iter().zip(&all.facets) {
                assert_eq!(f, g);
                assert_eq!(list[..], full[..values.min(full.len())], "{segments}, {values} values of {f:?}");
            }
            assert_eq!(top.facets, top_unpruned.facets, "{segments}");
        }
        let (two, _) = search(2);
        assert_eq!(org(&two), [("7".to_string(), 5), ("10".to_string(), 3)], "{segments}");
    };
    check("one segment", 6);
    assert_eq!(idx.segment_count(), 1);
    idx.apply(&[], &[doc("i:99", 8, 2021, "防災訓練", "別の訓練")], 9).expect("apply");
    assert!(idx.segment_count() > 1);
    check("two segments", 7);
}

/// Up to `FACET_SAMPLE` hits the facet counts are exact, wherever the hits are (here over
/// several segments, each holding fewer than that); one hit more and they are estimated from a
/// sample (about half of the hits here), which still sums to about the total.
#[test]
fn facet_counts_are_exact_up_to_the_sample_size_across_segments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let make = |i: usize| doc(&format!("i:{i}"), (i % 7) as i64 + 1, 2020 + (i % 3) as u16, "防災", "訓練");
    let idx = build(dir.path(), &(0..800).map(make).collect::<Vec<_>>());
    for (batch, range) in [800..1_500, 1_500..FACET_SAMPLE].into_iter().enumerate() {
        idx.apply(&[], &range.map(make).collect::<Vec<_>>(), 8 + batch as i64).expect("apply");
    }
    let search = |text: &str| {
        idx.search_uncached(&Request { text: text.into(), limit: 20, facets: true, ..Request::default() })
            .expect("search")
    };
    let exact = search("防災");
    assert_eq!(exact.total, FACET_SAMPLE as u64);
    assert!(!exact.facets_estimated, "{} hits are counted exactly", FACET_SAMPLE);
    let years = |r: &Results| r.facets.iter().find(|(f, _)| *f == Facet::Year).expect("year facet").1.clone();
    let want: Vec<(String, u32)> = (0..3)
        .map(|k| {
            let n = (0..FACET_SAMPLE).filter(|i| i % 3 == k).count() as u32;
            ((2020 + k).to_string(), n)
        })
        .collect();
    let mut got = years(&exact);
    got.sort();
    assert_eq!(got, want);

    idx.apply(&[], &[make(FACET_SAMPLE)], 20).expect("apply");
    let sampled = search("防災");
    assert_eq!(sampled.total, FACET_SAMPLE as u64 + 1, "the total stays exact");
    assert!(sampled.facets_estimated);
    let sum: u32 = years(&sampled).iter().map(|(_, n)| n).sum();
    let err = (f64::from(sum) - sampled.total as f64).abs() / sampled.total as f64;
    assert!(err < 0.1, "estimated {sum} of {}", sampled.total);
    // The pruned search (one word) and the full one agree on the sample.
    let full = idx
        .search_unpruned(&Request { text: "防災".into(), limit: 20, facets: true, ..Request::default() })
        .expect("search");
    assert_eq!(full.facets, sampled.facets);
}

/// A one-word search is answered without scoring every hit (`prune.rs`), and a search of
/// several words finds its hits by reading the words' lists as blocks (`intersect.rs`); the
/// answer must be the one of tantivy's own search scoring every hit: the same hits in the same
/// order with the same scores, the same total and facet counts — over several segments (with
/// different average lengths), deleted documents, drafts, titles with and without the words,
/// ties broken by year, and every page; for several words both ways of narrowing (a rare word's
/// few candidates sought in a long list, many candidates read against a long list).
#[test]
fn a_pruned_one_word_search_answers_as_the_full_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let filler = ["地域", "計画", "推進", "市民", "事業"];
    let make = |i: usize| {
        // Bodies of 1 to 40 words (1 to 400 in the fourth batch, a segment of a far longer
        // average; 1 to 8 in the small batches after it), the word 0 to 5 times; a title with
        // the word one time in 7.
        let n = match i {
            5_100..5_800 => 1 + (i * 7919) % 400,
            6_000.. => 1 + (i * 7919) % 8,
            _ => 1 + (i * 7919) % 40,
        };
        let times = (i * 104_729) % 6;
        let mut body: Vec<&str> = (0..n).map(|k| filler[(i + k) % filler.len()]).collect();
        for t in 0..times {
            body.insert((t * 13 + i) % (body.len() + 1), if i.is_multiple_of(3) { "子育て支援" } else { "防災" });
        }
        if i % 401 == 5 {
            body.push("見守り");
        }
        let title = if i.is_multiple_of(7) { "子育て支援と防災の事業" } else { "地域の事業" };
        let mut d = doc(&format!("i:{i}"), (i % 9) as i64 + 1, 2016 + (i % 10) as u16, title, &body.join("の"));
        if i.is_multiple_of(50) {
            d.visibility = Visibility::Draft((i % 9) as i64 + 1);
        }
        d
    };
    // The first segment from a build, then batches applied on their own (a segment each, with
    // their own average lengths; past eight segments the merge policy merges some, deleted
    // documents and all), replacing and deleting some of the first.
    let idx = build(dir.path(), &(0..3_000).map(make).collect::<Vec<_>>());
    for batch in 0..4 {
        let docs: Vec<IndexDoc> = (3_000 + batch * 700..3_000 + (batch + 1) * 700).map(make).collect();
        let gone: Vec<String> = (0..3_000).filter(|i| i % 97 == batch).map(|i| format!("i:{i}")).collect();
        idx.apply(&gone, &docs, 8 + batch as i64).expect("apply");
    }
    for batch in 0..6 {
        let docs: Vec<IndexDoc> = (6_000 + batch * 150..6_000 + (batch + 1) * 150).map(make).collect();
        let gone: Vec<String> = (3_000..5_800).filter(|i| i % 89 == batch).map(|i| format!("i:{i}")).collect();
        idx.apply(&gone, &docs, 20 + batch as i64).expect("apply");
    }
    let texts = [
        "子育て支援",
        "防災",
        "事業",
        "計画",
        "存在しない言葉",
        "子育て支援 防災",
        "防災 事業 計画",
        "計画 子育て支援 地域",
        "見守り 地域",
        "地域 見守り 事業",
        "防災 存在しない言葉",
    ];
    for text in texts {
        for drafts_of in [None, Some(1)] {
            for (offset, limit) in [(0, 20), (20, 20), (0, 200), (0, 0)] {
                let req = Request { text: text.into(), drafts_of, offset, limit, facets: true, ..Request::default() };
                let fast = idx.search_uncached(&req).expect("search");
                let full = idx.search_unpruned(&req).expect("search");
                let what = format!("{text} {drafts_of:?} {offset}+{limit}");
                assert_eq!(fast.total, full.total, "{what}");
                let ranked =
                    |r: &Results| r.hits.iter().map(|h| (h.key.clone(), h.score.to_bits())).collect::<Vec<_>>();
                assert_eq!(ranked(&fast), ranked(&full), "{what}");
                assert_eq!(fast.facets, full.facets, "{what}");
                assert_eq!(fast.facets_estimated, full.facets_estimated, "{what}");
            }
        }
    }
    // The searches do find hits (so the comparison above compared something).
    let total = |text: &str| {
        idx.search_uncached(&Request { text: text.into(), limit: 20, ..Request::default() }).expect("search").total
    };
    assert!(total("防災") > 1_000, "{}", total("防災"));
    assert!(total("防災 事業 計画") > 500, "{}", total("防災 事業 計画"));
    assert!((1..50).contains(&total("地域 見守り 事業")), "{}", total("地域 見守り 事業"));
}

/// The estimate that decides where a search runs: a text matches at most as many documents as
/// its rarest word, and a word as its rarest token.
#[test]
fn word_docs_counts_the_rarest_word() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = build(dir.path(), &corpus());
    let docs = |q: &str| idx.word_docs(&Request { text: q.into(), ..Request::default() });
    let all = docs("防災訓練").expect("a word");
    // 防災訓練 is in the titles and bodies of two documents: at least those, at most both fields.
    assert!((2..=4).contains(&all), "{all}");
    assert_eq!(docs("防災訓練 窓口"), docs("窓口").map(|n| n.min(all)));
    assert!(docs("防災訓練 存在しない語").is_some_and(|n| n == 0));
    assert_eq!(docs(""), None);
    assert!(idx.is_quick(&Request { text: "防災訓練".into(), ..Request::default() }));
    assert!(!idx.is_quick(&Request::default()), "facets alone read every document");
}
