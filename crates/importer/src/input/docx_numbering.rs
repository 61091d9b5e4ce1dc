//! The numbers and bullets Word draws before list paragraphs (numbering.xml): counted per list
//! and level, formatted as decimal, full-width, circled (①), アイウ, イロハ, letters or bullets.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// One level of a list: number format, text pattern (`%1.`), first number.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// The lists of a document and their counters.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, String>,
    counters: HashMap<String, [u32; 9]>,
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "val")
}

pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| a.value.to_string())
}

impl Numbering {
    /// Reads numbering.xml; a damaged part gives no numbers rather than an error.
    pub(crate) fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abs, mut num, mut level): (Option<String>, Option<String>, Option<usize>) = (None, None, None);
        while let Ok(ev) = reader.read_event() {
            let (e, empty) = match &ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        "abstractNum" => abs = None,
                        "num" => num = None,
                        "lvl" => level = None,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            fn current<'n>(n: &'n mut Numbering, abs: &Option<String>, level: Option<usize>) -> Option<&'n mut Level> {
                n.abstracts.get_mut(abs.as_deref()?)?.get_mut(level?)
            }
            match e.local_name().as_ref() {
                "abstractNum" if !empty => {
                    abs = attr(e, "abstractNumId");
                    n.abstracts.insert(abs.clone().unwrap_or_default(), vec![Level::default(); 9]);
                }
                "lvl" if !empty => level = attr(e, "ilvl").and_then(|v| v.parse().ok()).filter(|&l: &usize| l < 9),
                "numFmt" => {
                    current(&mut n, &abs, level).into_iter().for_each(|l| l.format = val(e).unwrap_or_default())
                }
                "lvlText" => current(&mut n, &abs, level).into_iter().for_each(|l| l.text = val(e).unwrap_or_default()),
                "start" => current(&mut n, &abs, level)
                    .into_iter()
                    .for_each(|l| l.start = val(e).and_then(|v| v.parse().ok()).unwrap_or(1)),
                "num" if !empty => num = attr(e, "numId"),
                "abstractNumId" => {
                    if let (Some(id), Some(a)) = (num.clone(), val(e)) {
                        n.nums.insert(id, a);
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl` ("1.", "①", "・"), or
    /// "" when there is none.
    pub(crate) fn next(&mut self, num_id: &str, ilvl: usize) -> String {
        let ilvl = ilvl.min(8);
        let Some(levels) = self.nums.get(num_id).and_then(|a| self.abstracts.get(a)) else { return String::new() };
        let counters = self.counters.entry(num_id.to_string()).or_insert([0; 9]);
        for (i, c) in counters.iter_mut().enumerate() {
            if i == ilvl {
                *c = if *c == 0 { levels[i].start.max(1) } else { *c + 1 };
            } else if i > ilvl {
                *c = 0;
            }
        }
        let level = &levels[ilvl];
        if level.format == "bullet" {
            return "・".to_string();
        }
        if level.format == "none" {
            return String::new();
        }
        let mut text = level.text.clone();
        for (i, l) in levels.iter().enumerate().rev() {
            let shown = if i == ilvl { &level.format } else { &l.format };
            text = text.replace(&format!("%{}", i + 1), &format_number(shown, counters[i].max(l.start.max(1))));
        }
        text
    }
}

const AIUEO: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
const IROHA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
const KANJI: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

fn nth(list: &str, n: u32) -> String {
    let chars: Vec<char> = list.chars().collect();
    chars.get((n.max(1) as usize - 1) % chars.len()).map(|c| c.to_string()).unwrap_or_default()
}

fn format_number(format: &str, n: u32) -> String {
    match format {
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().filter_map(|d| char::from_u32(u32::from(d) - u32::from('0') + 0xFF10)).collect()
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map(String::from).unwrap_or_default()
        }
        "aiueoFullWidth" | "aiueo" => nth(AIUEO, n),
        "irohaFullWidth" | "iroha" => nth(IROHA, n),
        "upperLetter" => nth("ABCDEFGHIJKLMNOPQRSTUVWXYZ", n),
        "lowerLetter" => nth("abcdefghijklmnopqrstuvwxyz", n),
        "japaneseCounting" | "ideographDigital" | "ideographTraditional" if n < 100 => {
            let (t, u) = ((n / 10) as usize, (n % 10) as usize);
            let tens = match t {
                0 => String::new(),
                1 => "十".to_string(),
                _ => format!("{}十", KANJI[t]),
            };
            if t > 0 && u == 0 {
                tens
            } else {
                tens + KANJI[u]
            }
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_count_per_level() {
        let xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/></w:lvl>
            </w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let mut n = Numbering::parse(xml);
        assert_eq!(n.next("7", 0), "1.");
        assert_eq!(n.next("7", 1), "①");
        assert_eq!(n.next("7", 1), "②");
        assert_eq!(n.next("7", 0), "2.");
        assert_eq!(n.next("7", 1), "①");
        assert_eq!(n.next("9", 0), "");
        assert_eq!(format_number("aiueoFullWidth", 3), "ウ");
        assert_eq!(format_number("japaneseCounting", 12), "十二");
        assert_eq!(format_number("decimalFullWidth", 10), "１０");
    }
}
