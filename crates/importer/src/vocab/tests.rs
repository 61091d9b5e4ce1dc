//! Unit tests of the vocabulary: the shipped file parses, labels are found after folding, and
//! values in the same cell are cut from the original text.

use super::*;

fn hit(t: &str) -> Option<(Field, String)> {
    Vocabulary::builtin().label(t).map(|h| (h.field, h.rest))
}

#[test]
fn the_shipped_vocabulary_parses_and_covers_every_field() {
    let v = Vocabulary::builtin();
    for f in Field::all() {
        assert!(v.entries.iter().any(|e| e.field == f), "no label for {}", f.as_str());
    }
    assert_eq!(v.directions.len(), Direction::all().count());
}

#[test]
fn finds_labels_whatever_the_spacing_marks_and_width() {
    assert_eq!(hit("所 属 名"), Some((Field::Department, String::new())));
    assert_eq!(hit("目　　　的"), Some((Field::Purpose, String::new())));
    assert_eq!(hit("（１）事務事業名"), Some((Field::Name, String::new())));
    assert_eq!(hit("事業の対象（誰を、何を）"), Some((Field::Target, String::new())));
    assert_eq!(hit("【事業名】花壇づくり"), Some((Field::Name, "花壇づくり".into())));
    assert_eq!(hit("事業名：花壇づくり"), Some((Field::Name, "花壇づくり".into())));
    assert_eq!(hit("所管局 みどり局"), Some((Field::Department, "みどり局".into())));
    assert_eq!(
        hit("・ 指標：花壇の数【数値目標：20か所】"),
        Some((Field::Indicator, "花壇の数【数値目標：20か所】".into()))
    );
    assert_eq!(hit("実施形態（直営/委託） 直営"), Some((Field::Form, "直営".into())));
    assert_eq!(hit("R７年度以降の事業の方向性"), Some((Field::Direction, String::new())));
    assert_eq!(hit("＜実施成果(アウトプット)＞"), Some((Field::ActivityIndicator, String::new())));
}

#[test]
fn words_that_only_begin_like_a_label_are_text() {
    assert_eq!(hit("施策分野"), None);
    assert_eq!(hit("事業名称等の説明"), None);
    assert_eq!(hit("目的を達成するために花を植える。"), None);
    assert_eq!(hit("目的 花を植える"), None, "an exact-only label takes no value after a space");
    assert_eq!(hit("施策：①花のあるまち"), Some((Field::Measure, "①花のあるまち".into())));
    assert_eq!(hit("【目的】花を植える"), Some((Field::Purpose, "花を植える".into())));
    assert_eq!(hit("1,130"), None);
}

#[test]
fn the_longest_label_wins() {
    assert_eq!(hit("事務事業名"), Some((Field::Name, String::new())));
    assert_eq!(hit("成果指標の内容"), Some((Field::Indicator, String::new())));
    assert_eq!(hit("成果指標の達成状況"), Some((Field::Achievement, String::new())));
}

#[test]
fn an_organization_adds_its_own_labels() {
    let mut add = LabelAdditions::new();
    add.insert("name".into(), vec!["取組テーマ".into()]);
    let v = Vocabulary::with_additions(&add).unwrap();
    assert_eq!(v.field_of("取 組 テ ー マ"), Some(Field::Name));
    assert_eq!(Vocabulary::builtin().field_of("取組テーマ"), None);
    add.insert("nmae".into(), vec!["x".into()]);
    let err = Vocabulary::with_additions(&add).unwrap_err();
    assert!(err.contains("nmae") && err.contains("department"), "{err}");
}

#[test]
fn directions_are_read_from_their_words() {
    let v = Vocabulary::builtin();
    assert_eq!(v.direction("現状のまま継続"), Some(Direction::Continue));
    assert_eq!(v.direction("B 改善して継続"), Some(Direction::Improve));
    assert_eq!(v.direction("拡充"), Some(Direction::Expand));
    assert_eq!(v.direction("廃止"), Some(Direction::Abolish));
    assert_eq!(v.direction("順調"), None);
}
