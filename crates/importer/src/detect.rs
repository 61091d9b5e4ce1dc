//! Genre detection from heading vocabulary and structure. Each genre has a list of terms
//! (headings and labels such a document uses, with spelling variants folded by
//! [`crate::text::vocab_key`]); a term counts once, wherever it first appears as a short
//! line or table cell. The genre with the highest score wins when it has enough evidence;
//! otherwise the document is refused with what was and was not found.

use crate::draft::Genre;
use crate::error::ImportError;
use crate::form::grid::Grid;
use crate::raw::{Block, RawDoc};
use crate::text::vocab_key;
use crate::vocab::{Field, Vocabulary};

/// A term and its weight. Title-like terms weigh more.
type Term = (&'static str, u32);

const DEPARTMENT_POLICY: &[Term] = &[
    ("部局運営方針", 4),
    ("運営方針", 2),
    ("部局運営に関する", 4),
    ("基本的考え方", 2),
    ("重点項目", 2),
    ("取組名", 2),
    ("取組の概要", 2),
    ("行政改革に係る取組", 3),
    ("特定課題に係る取組", 3),
    ("部局名", 2),
    ("重点取組", 2),
    ("部運営方針", 3),
    ("組織目標", 1),
    ("主な取組", 2),
    ("取組内容", 1),
];
const GOAL_REVIEW: &[Term] = &[
    ("部局の使命", 4),
    ("部局の目標", 3),
    ("組織目標", 2),
    ("使命", 1),
    ("当年度目標", 4),
    ("振り返り", 2),
    ("取組を行った内容", 2),
    ("課題・今後の方向性", 3),
    ("中期目標", 3),
    ("達成状況", 2),
    ("年度の目標", 3),
    ("取組事項", 2),
    ("スケジュール", 1),
    ("基本政策", 1),
];
const PLAN_CHAPTER: &[Term] = &[
    ("施策の体系", 3),
    ("目指す姿", 2),
    ("現況と課題", 3),
    ("指標", 2),
    ("現状値", 3),
    ("基準値", 2),
    ("目標値", 2),
    ("関連計画", 3),
    ("SDGs", 1),
    ("章", 1),
    ("現状と課題", 2),
    ("施策の方向", 2),
    ("成果指標", 1),
    ("施策の展開", 2),
    ("目指すまちの姿", 2),
    ("基本目標", 1),
];
const MEASURE_SHEET: &[Term] = &[
    ("施策実現のための取組", 4),
    ("行革の視点", 4),
    ("行革の視点からの取組内容", 3),
    ("関連する個別計画", 3),
    ("経営方針", 2),
    ("施策の柱", 1),
    ("現状と課題", 2),
    ("目指す姿", 1),
    ("取組名", 1),
];
const EVALUATION_SHEET: &[Term] = &[
    ("事務事業評価", 4),
    ("事務事業名", 4),
    ("担当部署", 2),
    ("担当課", 2),
    ("所管課", 2),
    ("事業の概要", 3),
    ("事業の対象", 2),
    ("事業の手段", 2),
    ("目標設定シート", 3),
    ("活動指標", 2),
    ("成果指標", 2),
    ("決算", 1),
    ("事業名", 1),
    ("事業の目的", 2),
    ("事業概要", 3),
    ("事業費", 1),
    ("今後の方向性", 2),
    ("総合評価", 2),
];

/// Minimum score (and distinct terms) for a genre to be accepted.
const MIN_SCORE: u32 = 8;
const MIN_TERMS: usize = 3;

/// Words of plan documents in general: a document using none of them is not one.
const PLAN_WORDS: [&str; 16] = [
    "計画",
    "施策",
    "事業",
    "目標",
    "指標",
    "取組",
    "評価",
    "方針",
    "実績",
    "予算",
    "課題",
    "推進",
    "政策",
    "成果",
    "決算",
    "方向性",
];

/// How sure detection is of the genre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// Enough of the genre's own headings and labels.
    Sure,
    /// No genre has enough evidence, but the document is about plans: read with the best
    /// guess (and the generic reader when that finds nothing), with a warning.
    Low,
}

/// Score of one genre with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenreScore {
    pub genre: Genre,
    pub score: u32,
    /// Terms found, each with the first line it appears on.
    pub found: Vec<(String, usize)>,
    /// Terms of the genre not found.
    pub missing: Vec<String>,
}

/// The scores of every genre, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub scores: Vec<GenreScore>,
}

impl Detection {
    pub fn best(&self) -> Option<&GenreScore> {
        self.scores.first()
    }

    /// The winning genre, or an error naming what was and was not found.
    pub fn into_genre(self, file: &str) -> Result<Genre, ImportError> {
        self.into_guess(file, false).map(|(g, _)| g)
    }

    /// The winning genre and how sure it is: a document with plan content but no clear
    /// genre is read with the best guess (`plan_content`), never refused for its new words;
    /// only a document without plan content is an error naming what was and was not found.
    pub fn into_guess(self, file: &str, plan_content: bool) -> Result<(Genre, Confidence), ImportError> {
        let Some(best) = self.scores.first() else {
            return Err(ImportError::Empty { file: file.to_string() });
        };
        if best.score >= MIN_SCORE && best.found.len() >= MIN_TERMS {
            return Ok((best.genre, Confidence::Sure));
        }
        if plan_content {
            return Ok((best.genre, Confidence::Low));
        }
        let found = if best.found.is_empty() {
            "no heading of any known genre".to_string()
        } else {
            best.found.iter().map(|(t, l)| format!("「{t}」 (line {l})")).collect::<Vec<_>>().join(", ")
        };
        Err(ImportError::Unrecognized {
            file: file.to_string(),
            line: best.found.first().map_or(1, |f| f.1),
            best: format!("{} with score {} of {MIN_SCORE} needed", best.genre.as_str(), best.score),
            found,
            missing: best.missing.iter().map(|t| format!("「{t}」")).collect::<Vec<_>>().join(", "),
        })
    }
}

/// Labels of the document: short text lines and short table cells, with their lines.
fn labels(doc: &RawDoc) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Text(t) => {
                for l in &t.lines {
                    if l.text.chars().count() <= 60 {
                        out.push((vocab_key(&l.text), l.no));
                    }
                }
            }
            Block::Table(t) => {
                for r in &t.rows {
                    for c in &r.cells {
                        for p in &c.parts {
                            if p.text.chars().count() <= 60 {
                                out.push((vocab_key(&p.text), r.line));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

fn score(genre: Genre, terms: &[Term], labels: &[(String, usize)]) -> GenreScore {
    let mut s = GenreScore { genre, score: 0, found: Vec::new(), missing: Vec::new() };
    for &(term, weight) in terms {
        let key = vocab_key(term);
        match labels.iter().find(|(l, _)| l.contains(&key)) {
            Some((_, line)) => {
                s.score += weight;
                s.found.push((term.to_string(), *line));
            }
            None => s.missing.push(term.to_string()),
        }
    }
    s
}

/// Whether the text speaks of plans at all: at least three of the plan words, five times.
pub fn has_plan_content(doc: &RawDoc) -> bool {
    let text = vocab_key(&doc.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n"));
    let counts: Vec<usize> = PLAN_WORDS.iter().map(|w| text.matches(w).count()).collect();
    counts.iter().filter(|&&c| c > 0).count() >= 3 && counts.iter().sum::<usize>() >= 5
}

/// Program-sheet fields whose labels stand in the document (in cells, or beside values on
/// laid-out lines), each with its first line.
fn program_fields(doc: &RawDoc, v: &Vocabulary) -> Vec<(Field, usize)> {
    let grid = Grid::new(&doc.lines);
    let mut out: Vec<(Field, usize)> = Vec::new();
    for l in &grid.lines {
        for f in &l.frags {
            if f.text.chars().count() > 60 {
                continue;
            }
            if let Some(h) = v.label(&f.text) {
                if !out.iter().any(|(g, _)| *g == h.field) {
                    out.push((h.field, l.no));
                }
            }
        }
    }
    out
}

/// Scores every genre against the document, the evaluation sheet also by the field
/// vocabulary: a program-name label with three more fields is a program sheet whatever its
/// headings.
pub fn detect_with(doc: &RawDoc, v: &Vocabulary) -> Detection {
    let mut d = detect(doc);
    let fields = program_fields(doc, v);
    let named = fields.iter().any(|(f, _)| *f == Field::Name);
    if let Some(s) = d.scores.iter_mut().find(|s| s.genre == Genre::EvaluationSheet) {
        for (f, line) in &fields {
            let label = format!("{}（項目）", f.label());
            if !s.found.iter().any(|(t, _)| *t == label) {
                s.found.push((label, *line));
                s.score += if named && fields.len() >= 4 { 3 } else { 1 };
            }
        }
    }
    d.scores.sort_by_key(|s| std::cmp::Reverse(s.score));
    d
}

/// Scores every genre against the document by its headings.
pub fn detect(doc: &RawDoc) -> Detection {
    let labels = labels(doc);
    let table: [(Genre, &[Term]); 5] = [
        (Genre::DepartmentPolicy, DEPARTMENT_POLICY),
        (Genre::GoalReview, GOAL_REVIEW),
        (Genre::PlanChapter, PLAN_CHAPTER),
        (Genre::MeasureSheet, MEASURE_SHEET),
        (Genre::EvaluationSheet, EVALUATION_SHEET),
    ];
    let mut scores: Vec<GenreScore> = table.iter().map(|(g, t)| score(*g, t, &labels)).collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.score));
    Detection { scores }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::read;

    #[test]
    fn headings_decide_the_genre_with_evidence() {
        let doc = read("令和9年度 公園緑地部の運営方針\n\n基本的考え方\n\n主な取組\n\n取り組み名\n取組内容\n");
        let d = detect(&doc);
        let best = d.best().expect("scores");
        assert_eq!(best.genre, Genre::DepartmentPolicy);
        assert!(best.found.iter().any(|(t, l)| t == "取組名" && *l == 7), "{:?}", best.found);
        assert_eq!(d.into_genre("a.txt"), Ok(Genre::DepartmentPolicy));
    }

    fn genre_of(text: &str) -> Option<Genre> {
        detect(&read(text)).into_genre("x.txt").ok()
    }

    #[test]
    fn other_cities_vocabulary_is_recognized() {
        // An evaluation sheet labelled 事業名 / 担当課 / 事業概要.
        let sheet =
            "事業名\t花壇の管理\n担当課\t公園課\n事業概要\t花壇を直す。\n成果指標\t花壇の数\n今後の方向性\t継続\n";
        assert_eq!(genre_of(sheet), Some(Genre::EvaluationSheet));
        // A plan chapter with 施策の方向 and 成果指標 (no 現況と課題, no 現状値).
        let chapter = "施策１－１ 花のまち\n\n現状と課題\n\n花壇が減っている。\n\n施策の方向\n\n花を増やす。\n\n成果指標\n指標名\t基準値\t目標値\n花壇の数\t10\t20\n";
        assert_eq!(genre_of(chapter), Some(Genre::PlanChapter));
        // A goal review with 今年度の目標 and 達成状況.
        let review = "部局の使命\n\n花を守る。\n\n今年度の目標\n番号\t目標\t達成状況\n1\t花壇を直す\t達成\n";
        assert_eq!(genre_of(review), Some(Genre::GoalReview));
        // 組織目標 sheets with 部の使命, 運営方針 and 重点取組.
        let goals = "令和9年度 組織目標（部運営方針）\n\n部の使命\n\n花を守る。\n\n重点取組\n\n１　花壇の整備\n";
        assert_eq!(genre_of(goals), Some(Genre::DepartmentPolicy));
        // Minutes of a meeting are none of these.
        assert_eq!(genre_of("会議録\n\n出席者\n\n議事\n\n目標値について説明があった。\n"), None);
    }

    #[test]
    fn new_words_for_the_same_fields_still_make_a_program_sheet() {
        let sheet = "No. 3    所管局   みどり局\n事業名   花と緑の基金事業\n事業実施期間   令和5年度～7年度\n\n１ 事業概要\n花壇を直す。\n\n２ 事業目標\n・ 指標：花壇の数【数値目標：20か所】\n";
        let doc = read(sheet);
        assert_eq!(detect(&doc).into_genre("x.txt").ok(), None, "headings alone do not tell");
        let d = detect_with(&doc, &Vocabulary::builtin());
        assert_eq!(d.into_guess("x.txt", false).map(|g| g.0), Ok(Genre::EvaluationSheet));
    }

    #[test]
    fn plan_content_is_read_with_low_confidence_and_other_text_refused() {
        let doc =
            read("重点事業の一覧\n\n1 花壇の整備を推進する\n2 公園の計画を見直す\n3 緑化の目標と実績を評価する\n");
        assert!(has_plan_content(&doc));
        assert!(matches!(detect(&doc).into_guess("x.txt", true), Ok((_, Confidence::Low))));
        let minutes = read("会議録\n\n出席者\n\n議事\n\n目標値について説明があった。\n");
        assert!(!has_plan_content(&minutes));
    }

    #[test]
    fn too_little_evidence_is_an_error_listing_found_and_missing() {
        let doc = read("お知らせ\n\n目標値\n");
        match detect(&doc).into_genre("a.txt") {
            Err(ImportError::Unrecognized { found, missing, .. }) => {
                assert!(found.contains("目標値") && missing.contains("現状値"), "{found} / {missing}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
