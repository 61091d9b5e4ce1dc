//! How `extract` and `import` read documents: the organization's field labels
//! (`[import.labels]` of the configuration, plus `--labels FILE`) and `--genre`.

use crate::cli::ReadingArgs;
use crate::config::Config;
use anyhow::{bail, Context, Result};
use hoshin_app::importer::vocab::LabelAdditions;
use hoshin_domain::Genre;
use std::path::Path;

/// The labels of the configuration with those of `--labels FILE` added.
pub fn labels(args: &ReadingArgs, config: &Config) -> Result<LabelAdditions> {
    let mut out = config.import.labels.clone();
    if let Some(path) = &args.labels {
        for (field, list) in labels_file(path)? {
            let entry = out.entry(field).or_default();
            for l in list {
                if !entry.contains(&l) {
                    entry.push(l);
                }
            }
        }
    }
    Ok(out)
}

/// A labels file: `[labels]` or `[import.labels]`, each `field = ["label", …]`.
pub fn labels_file(path: &Path) -> Result<LabelAdditions> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: toml::Table = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let table = match (value.get("labels"), value.get("import").and_then(|i| i.get("labels"))) {
        (Some(t), _) | (None, Some(t)) => t.clone(),
        (None, None) => bail!("{}: no [labels] (or [import.labels]) table", path.display()),
    };
    table
        .try_into::<LabelAdditions>()
        .with_context(|| format!("{}: [labels] must map field names to lists of labels", path.display()))
}

/// `--genre`: its stored name (plan_chapter) or Japanese name (総合計画（章）).
pub fn genre(args: &ReadingArgs) -> Result<Option<Genre>> {
    let Some(name) = args.genre.as_deref().map(str::trim) else { return Ok(None) };
    match Genre::ALL.into_iter().find(|g| g.as_str() == name || g.label() == name) {
        Some(g) => Ok(Some(g)),
        None => {
            let known: Vec<&str> = Genre::ALL.iter().map(|g| g.as_str()).collect();
            bail!("--genre {name:?}: not a genre; use one of {}", known.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_files_in_both_shapes() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        std::fs::write(&a, "[labels]\nname = [\"細々事業名\"]\n").unwrap();
        assert_eq!(labels_file(&a).unwrap()["name"], ["細々事業名"]);
        let b = dir.path().join("b.toml");
        std::fs::write(&b, "[import.labels]\nsection = [\"担当グループ\"]\n").unwrap();
        assert_eq!(labels_file(&b).unwrap()["section"], ["担当グループ"]);
        std::fs::write(&b, "title = 1\n").unwrap();
        assert!(labels_file(&b).is_err());
    }

    #[test]
    fn genres_by_either_name() {
        let g = |s: &str| genre(&ReadingArgs { genre: Some(s.into()), labels: None });
        assert_eq!(g("plan_chapter").unwrap(), Some(Genre::PlanChapter));
        assert_eq!(g("事務事業評価シート").unwrap(), Some(Genre::EvaluationSheet));
        assert!(g("novel").is_err());
    }
}
