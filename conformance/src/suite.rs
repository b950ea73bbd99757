//! Loading suites in the WASI testsuite layout.
//!
//! A suite is a directory with a `manifest.json`, test modules `NAME.wasm` (or, as this
//! project's extension, `NAME.wat`), and for each an optional `NAME.json` config:
//!
//! | key | meaning |
//! |---|---|
//! | `args` | the guest's arguments after `argv[0]` |
//! | `env` | the guest's exact environment |
//! | `root` | a directory, copied fresh for the test and preopened as `/` |
//! | `dirs` | the older form: directories each preopened under its own name |
//! | `exit_code` | the expected exit status (default 0) |
//! | `stdout` / `stderr` | checked only when present |

use serde_json::Value;
use std::path::{Path, PathBuf};

/// One test of a suite.
#[derive(Debug, Clone)]
pub struct TestCase {
    /// `suite/name`, the test's identity in output and expectation files.
    pub id: String,
    /// The test's module file (`.wasm` or `.wat`).
    pub module: PathBuf,
    /// Its configuration.
    pub config: Config,
    /// The suite directory (fixture directories are relative to it).
    pub dir: PathBuf,
}

/// A test's JSON configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Arguments after `argv[0]`.
    pub args: Vec<String>,
    /// The exact environment, sorted by name.
    pub env: Vec<(String, String)>,
    /// `(fixture directory, guest name)` preopens, in order.
    pub preopens: Vec<(String, String)>,
    /// Expected exit status.
    pub exit_code: i32,
    /// Expected stdout, if checked.
    pub stdout: Option<String>,
    /// Expected stderr, if checked.
    pub stderr: Option<String>,
}

impl Config {
    /// Parses a config; unknown keys are ignored, malformed known keys are errors.
    pub fn parse(text: &str) -> Result<Config, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
        let obj = value.as_object().ok_or("config is not a JSON object")?;
        let strings = |key: &str| -> Result<Vec<String>, String> {
            match obj.get(key) {
                None => Ok(Vec::new()),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_owned)
                            .ok_or(format!("`{key}` must hold strings"))
                    })
                    .collect(),
                Some(_) => Err(format!("`{key}` must be an array")),
            }
        };
        let mut config = Config {
            args: strings("args")?,
            ..Config::default()
        };
        if let Some(env) = obj.get("env") {
            let env = env.as_object().ok_or("`env` must be an object")?;
            for (k, v) in env {
                let v = v.as_str().ok_or("`env` values must be strings")?;
                config.env.push((k.clone(), v.to_owned()));
            }
        }
        if let Some(root) = obj.get("root") {
            let root = root.as_str().ok_or("`root` must be a string")?;
            config.preopens.push((root.to_owned(), "/".to_owned()));
        }
        for dir in strings("dirs")? {
            config.preopens.push((dir.clone(), dir));
        }
        if let Some(code) = obj.get("exit_code") {
            let code = code.as_i64().and_then(|c| i32::try_from(c).ok());
            config.exit_code = code.ok_or("`exit_code` must be an integer")?;
        }
        let text = |key: &str| -> Result<Option<String>, String> {
            match obj.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_str()
                    .map(|s| Some(s.to_owned()))
                    .ok_or(format!("`{key}` must be a string")),
            }
        };
        config.stdout = text("stdout")?;
        config.stderr = text("stderr")?;
        Ok(config)
    }
}

/// A label for a suite directory: its name, or for the testsuite's
/// `tests/<lang>/testsuite/wasm32-wasip1` layout, `<lang>`.
pub fn suite_label(dir: &Path) -> String {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    if name(dir).starts_with("wasm32-wasip") {
        if let Some(lang) = dir.parent().and_then(Path::parent) {
            return name(lang);
        }
    }
    name(dir)
}

/// Loads every test of the suite in `dir`, sorted by name, labelled by [`suite_label`].
pub fn load(dir: &Path) -> Result<Vec<TestCase>, String> {
    load_labelled(dir, &suite_label(dir))
}

/// Loads every test of the suite in `dir` under the label `label` (test ids are
/// `label/name`).
pub fn load_labelled(dir: &Path, label: &str) -> Result<Vec<TestCase>, String> {
    if !dir.join("manifest.json").is_file() {
        return Err(format!(
            "{} has no manifest.json: not a suite directory",
            dir.display()
        ));
    }
    // Absolute, so that external runtimes started in a scratch directory find the modules.
    let dir = &dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut cases = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let ext = path.extension().and_then(|e| e.to_str());
        if !matches!(ext, Some("wasm" | "wat")) {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let config_path = path.with_extension("json");
        let config = if config_path.is_file() {
            let text = std::fs::read_to_string(&config_path)
                .map_err(|e| format!("{}: {e}", config_path.display()))?;
            Config::parse(&text).map_err(|e| format!("{}: {e}", config_path.display()))?
        } else {
            Config::default()
        };
        cases.push(TestCase {
            id: format!("{label}/{stem}"),
            module: path,
            config,
            dir: dir.to_path_buf(),
        });
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(cases)
}

/// Copies `from` to `to` recursively, keeping symlinks as symlinks.
pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &target)?;
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let c = Config::parse(
            r#"{"args": ["a", "b c"], "env": {"K": "v", "E": ""}, "root": "fs.dir",
                "dirs": ["d1"], "exit_code": 33, "stdout": "hi", "other": 1}"#,
        )
        .unwrap();
        assert_eq!(c.args, ["a", "b c"]);
        assert_eq!(
            c.env,
            [("E".into(), String::new()), ("K".into(), "v".into())]
        );
        assert_eq!(
            c.preopens,
            [("fs.dir".into(), "/".into()), ("d1".into(), "d1".into())]
        );
        assert_eq!(c.exit_code, 33);
        assert_eq!(c.stdout.as_deref(), Some("hi"));
        assert_eq!(c.stderr, None);
    }

    #[test]
    fn rejects_malformed_keys() {
        assert!(Config::parse("[]").is_err());
        assert!(
            Config::parse(r#"{"args": "x"}"#)
                .unwrap_err()
                .contains("args")
        );
        assert!(
            Config::parse(r#"{"exit_code": "1"}"#)
                .unwrap_err()
                .contains("exit_code")
        );
        assert!(
            Config::parse(r#"{"env": {"K": 1}}"#)
                .unwrap_err()
                .contains("env")
        );
    }

    #[test]
    fn labels() {
        assert_eq!(
            suite_label(Path::new("/x/tests/c/testsuite/wasm32-wasip1")),
            "c"
        );
        assert_eq!(suite_label(Path::new("conformance/corpus/wat")), "wat");
    }
}
