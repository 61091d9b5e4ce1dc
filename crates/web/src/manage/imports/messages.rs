//! Japanese messages for files the importer cannot read, for the staff import page: what
//! went wrong and what to do, with the importer's own words kept after it for support.

use hoshin_app::importer::ImportError;

/// 「〇〇.pdf は文字情報のないPDFです…」.
pub fn reading_error(e: &ImportError) -> String {
    let (file, what) = match e {
        ImportError::NotUtf8 { file, .. } | ImportError::Undecodable { file, .. } => {
            (file, "文字コードを判別できません。UTF-8 で保存し直してください。")
        }
        ImportError::Garbled { file, .. } => (file, "文字化けした内容になります。UTF-8 で保存し直してください。"),
        ImportError::Binary { file, .. } => (file, "取り込める文書ではありません（PDF・Excel・Word・HTML・CSV・テキストに対応しています）。"),
        ImportError::Unsupported { file, .. } => {
            (file, "この種類のファイルには対応していません（PDF・Excel・Word・HTML・CSV・テキストに対応しています）。")
        }
        ImportError::TooLarge { file, .. } => (file, "ファイルが大きすぎます。"),
        ImportError::Damaged { file, .. } => (file, "ファイルが壊れているため読み取れません。"),
        ImportError::PdfToolMissing { file, .. } | ImportError::PdfTool { file, .. } => {
            (file, "PDF を読み取れませんでした（サーバーの PDF 読み取りツールを確認してください）。")
        }
        ImportError::PdfNoText { file, .. } => {
            (file, "文字情報のない PDF です（スキャンした画像など）。文字認識（OCR）をしてから、または元の文書を取り込んでください。")
        }
        ImportError::PdfEncrypted { file } => (file, "パスワードで保護された PDF です。保護を外したものを取り込んでください。"),
        ImportError::Empty { file } => (file, "中身が空です。"),
        ImportError::Unrecognized { file, .. } => {
            (file, "計画・方針・評価などの内容が見つからないため、取り込めません。")
        }
        ImportError::Labels { file, .. } => (file, "項目名の設定（[import.labels]）に誤りがあります。"),
    };
    format!("「{file}」を読み取れませんでした：{what}（詳細：{e}）")
}
