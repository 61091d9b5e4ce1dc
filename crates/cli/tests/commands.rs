//! The `hoshin` binary end to end: help everywhere, demo rerun, gen summary, extract to a
//! directory, import's summary and exit codes. Each test runs in its own temp directory
//! with no `HOSHIN_*` variables, so no stray config leaks in.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below

use std::path::Path;
use std::process::{Command, Output};

fn hoshin(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hoshin"));
    cmd.current_dir(dir).args(args).env("HOSHIN_LOG", "warn");
    for (k, _) in std::env::vars() {
        if k.starts_with("HOSHIN_") && k != "HOSHIN_LOG" {
            cmd.env_remove(k);
        }
    }
    cmd.output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

const REVIEW: &str = "| 部 局 | 市民安全部 | 補 職 | 部 長 |
|---|---|---|---|

1. 部局の使命

- (1) 夜道を安心して歩けるまちにする

3. 当年度目標と目標設定に対する振り返り等

| No | 当年度目標(当初設定) | 実績 | |
|----|---|---|---|
| | 取組み事項及びその内容・スケジュール | 取組みを行った内容・成果 | 課題・今後の方向性 |
| 1 | <p>防犯灯のLED化</p> <p>(1) 残る防犯灯をすべてLEDに替えます。</p> | <p>(1) 420基を替えました。</p> | <p>(1) 故障の通報を受けやすくします。</p> |
| | <p>総合計画</p> <p>2-1-① 犯罪の起きにくいまちをつくります。</p> | | |
";

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [vec!["--help"], vec!["migrate", "--help"], vec!["demo", "--help"], vec!["serve", "--help"]] {
        let o = hoshin(dir.path(), &cmd);
        assert!(o.status.success(), "{cmd:?}: {}", text(&o));
    }
    for cmd in ["gen", "extract", "import"] {
        let o = hoshin(dir.path(), &[cmd, "--help"]);
        assert!(o.status.success() && text(&o).contains("Usage"), "{cmd}: {}", text(&o));
    }
}

#[test]
fn demo_reruns_without_changes_and_gen_reports_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let first = hoshin(dir.path(), &["demo", "--db", "demo.db", "--no-serve"]);
    assert!(first.status.success(), "{}", text(&first));
    let second = hoshin(dir.path(), &["demo", "--db", "demo.db", "--no-serve"]);
    assert!(text(&second).contains("0 rows inserted, 0 updated"), "{}", text(&second));

    let o =
        hoshin(dir.path(), &["gen", "--municipalities", "2", "--years", "2", "--initiatives", "5", "--db", "gen.db"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("rows written:") && out.contains("seconds:") && out.contains("database size:"), "{out}");
    assert!(dir.path().join("gen.db").is_file());
}

#[test]
fn extract_writes_json_per_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("review.txt"), REVIEW).unwrap();
    let o = hoshin(dir.path(), &["extract", "review.txt", "--out", "out", "--org", "架空市"]);
    assert!(o.status.success(), "{}", text(&o));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/review.json")).unwrap()).unwrap();
    assert_eq!(json["genre"], "goal_review");
    assert_eq!(json["organization"], "架空市");
    assert_eq!(json["initiatives"][0]["name"], "防犯灯のLED化");
}

#[test]
fn import_summarises_and_fails_for_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("review.txt"), REVIEW).unwrap();
    std::fs::write(dir.path().join("scan.pdf"), b"%PDF-1.7\x00\x00\x01binary").unwrap();
    let args = ["import", "review.txt", "--db", "x.db", "--org", "架空市", "--year", "令和6年度"];
    let o = hoshin(dir.path(), &args);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("goal_review") && text(&o).contains("imported"), "{}", text(&o));
    let o = hoshin(dir.path(), &args);
    assert!(text(&o).contains("unchanged"), "identical re-import: {}", text(&o));
    std::fs::write(dir.path().join("review.txt"), REVIEW.replace("420基", "430基")).unwrap();
    let o = hoshin(dir.path(), &args);
    assert!(text(&o).contains("updated"), "corrected re-import: {}", text(&o));

    let o = hoshin(dir.path(), &["import", "review.txt", "scan.pdf", "--db", "x.db", "--org", "架空市"]);
    assert!(!o.status.success());
    let out = text(&o);
    assert!(out.contains("scan.pdf") && out.contains("damaged PDF"), "{out}");
    assert!(out.contains("1 of 2 files failed"), "{out}");
}

#[test]
fn the_binary_layers_file_env_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hoshin"));
        cmd.current_dir(dir.path()).args(args);
        for (k, _) in std::env::vars() {
            if k.starts_with("HOSHIN_") {
                cmd.env_remove(k);
            }
        }
        cmd.envs(envs.iter().copied());
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", text(&o));
        text(&o)
    };
    std::fs::write(dir.path().join("hoshin.toml"), "db = \"from-file.db\"\n").unwrap();
    assert!(run(&[], &["migrate"]).contains("sqlite://from-file.db"));
    assert!(run(&[("HOSHIN_DB", "from-env.db")], &["migrate"]).contains("sqlite://from-env.db"));
    let out = run(&[("HOSHIN_DB", "from-env.db")], &["migrate", "--db", "from-flag.db"]);
    assert!(out.contains("sqlite://from-flag.db"), "{out}");
    for f in ["from-file.db", "from-env.db", "from-flag.db"] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
}

#[test]
fn a_city_starts_from_nothing_org_departments_then_its_first_admin() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--db", "city.db"]);
        hoshin(dir.path(), &all)
    };
    let ok = |args: &[&str]| {
        let o = run(args);
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        text(&o)
    };
    let refused = |args: &[&str], why: &str| {
        let o = run(args);
        assert!(!o.status.success() && text(&o).contains(why), "{args:?} should fail with {why}: {}", text(&o));
    };
    for cmd in [["org", "--help"], ["department", "--help"]] {
        assert!(hoshin(dir.path(), &cmd).status.success());
    }

    assert!(ok(&["org", "add", "架空市", "--code", "142352", "--prefecture", "神奈川県"]).contains("registered 架空市"));
    refused(&["org", "add", "架空市"], "すでに登録されています");
    refused(&["org", "add", "別市", "--code", "142353"], "check digit");
    refused(&["org", "add", "別市", "--code", "142352"], "架空市");

    ok(&["department", "add", "--org", "架空市", "こども未来部"]);
    ok(&["dept", "add", "--org", "142352", "環境部"]);
    ok(&["dept", "add", "--org", "架空市", "保育課", "--parent", "こども未来部"]);
    refused(&["dept", "add", "--org", "架空市", "保育課", "--parent", "こども未来部"], "すでにあります");
    refused(&["dept", "add", "--org", "架空市", "係", "--parent", "保育課"], "課の下には作れません");
    refused(&["dept", "add", "--org", "架空市", "x", "--parent", "存在しない部"], "no department");
    refused(&["dept", "add", "--org", "ない市", "総務部"], "no organization");

    let list = ok(&["dept", "list", "--org", "架空市"]);
    let order: Vec<&str> = list.lines().filter_map(|l| l.split_whitespace().last()).collect();
    assert_eq!(&order[..3], ["こども未来部", "保育課", "環境部"], "{list}");
    assert!(list.contains("2 department(s) and 1 section(s)"), "{list}");
    let orgs = ok(&["org", "list"]);
    assert!(orgs.contains("架空市") && orgs.contains("142352") && orgs.contains("神奈川県"), "{orgs}");

    // The first administrator, then an editor of the new department.
    assert!(ok(&["user", "add", "--org", "架空市", "--login", "admin", "--name", "管理", "--role", "admin"])
        .contains("initial password"));
    ok(&[
        "user",
        "add",
        "--org",
        "架空市",
        "--login",
        "kodomo",
        "--name",
        "子育",
        "--role",
        "editor",
        "--department",
        "こども未来部",
    ]);
    let users = ok(&["user", "list", "--org", "架空市"]);
    assert!(users.contains("kodomo") && users.contains("こども未来部"), "{users}");
}

#[test]
fn search_builds_a_missing_index_follows_imports_and_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    assert!(hoshin(dir.path(), &["demo", "--db", "demo.db", "--no-serve"]).status.success());
    // No index yet: `search` builds it (beside the database), then answers.
    let o = hoshin(dir.path(), &["search", "--db", "demo.db", "子供", "家庭センター"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("rebuilding it from the database"), "{}", text(&o));
    assert!(text(&o).contains("こども家庭センターによる一体的な相談支援"), "{}", text(&o));
    assert!(dir.path().join("demo.db.index").is_dir());
    // An import after the build is found (the index catches up with the change log).
    std::fs::write(dir.path().join("review.txt"), REVIEW).unwrap();
    let imp = hoshin(dir.path(), &["import", "--db", "demo.db", "--org", "市民安全市", "--year", "2024", "review.txt"]);
    assert!(imp.status.success(), "{}", text(&imp));
    let o = hoshin(dir.path(), &["search", "--db", "demo.db", "防犯灯", "--json", "--year", "令和6年度"]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 1, "{v}");
    assert_eq!(v["hits"][0]["title"], "防犯灯のLED化");
    assert_eq!(v["hits"][0]["organization"], "市民安全市");
    assert!(v["facets"]["year"].is_array());
    // --org narrows; an explicit rebuild reports what it did.
    let o = hoshin(dir.path(), &["search", "--db", "demo.db", "防犯灯", "--org", "サンプル市"]);
    assert!(text(&o).contains("0 hit(s)"), "{}", text(&o));
    let o = hoshin(dir.path(), &["index", "rebuild", "--db", "demo.db", "--index", "other.index"]);
    assert!(o.status.success() && text(&o).contains("indexed"), "{}", text(&o));
    assert!(dir.path().join("other.index").is_dir());
}
