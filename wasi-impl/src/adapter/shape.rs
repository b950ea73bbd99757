//! What a module must look like to run on a preview1 host, checked before it runs, the same
//! way on every engine.
//!
//! An adapter describes a compiled module as a [`ModuleShape`] (its imports and exports, with
//! function types) in a few lines of its engine's API; [`ModuleShape::check_imports`] then
//! finds, with a message that names the cause:
//! - an import of the older preview0 ABI (`wasi_unstable`);
//! - an import this host does not provide;
//! - a preview1 import whose type is not the spec's, both written in wasm syntax;
//! - a module that imports a function taking pointers but exports no `memory` (every such
//!   call would trap);
//!
//! and [`ModuleShape::entry`] finds what to call: `_start` for a command, or a named export
//! (after `_initialize`, when the module has one) for a reactor.

use core::fmt;

/// A core-wasm value type as a module declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `v128`.
    V128,
    /// A reference (`funcref`, `externref`, ...).
    Ref,
}

impl ValueType {
    /// Its name in the text format (`ref` for every reference type).
    pub fn name(self) -> &'static str {
        match self {
            ValueType::I32 => "i32",
            ValueType::I64 => "i64",
            ValueType::F32 => "f32",
            ValueType::F64 => "f64",
            ValueType::V128 => "v128",
            ValueType::Ref => "ref",
        }
    }
}

/// A function type: parameters and results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FuncType {
    /// The parameter types, in order.
    pub params: Vec<ValueType>,
    /// The result types, in order.
    pub results: Vec<ValueType>,
}

impl fmt::Display for FuncType {
    /// The text format: `(func (param i32 i32) (result i32))`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        for (word, types) in [("param", &self.params), ("result", &self.results)] {
            if !types.is_empty() {
                write!(f, " ({word}")?;
                for ty in types {
                    write!(f, " {}", ty.name())?;
                }
                f.write_str(")")?;
            }
        }
        f.write_str(")")
    }
}

impl FuncType {
    /// Whether this is exactly the core-wasm type of the preview1 function `function`.
    pub fn is_type_of(&self, function: &wasi_abi::functions::Function) -> bool {
        let params = function.params.iter().map(|p| match p.ty {
            wasi_abi::functions::ValType::I32 => ValueType::I32,
            wasi_abi::functions::ValType::I64 => ValueType::I64,
        });
        let results: &[ValueType] = match function.returns_errno {
            true => &[ValueType::I32],
            false => &[],
        };
        self.params.iter().copied().eq(params) && self.results == results
    }
}

/// What an import or an export is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternKind {
    /// A function of this type.
    Func(FuncType),
    /// A linear memory.
    Memory,
    /// A table, a global or a tag.
    Other,
}

/// A module's imports and exports, as an adapter reads them from its engine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleShape {
    /// `(module, name, kind)` per import, in order.
    pub imports: Vec<(String, String, ExternKind)>,
    /// `(name, kind)` per export, in order.
    pub exports: Vec<(String, ExternKind)>,
}

/// What to call to run the module, per [`ModuleShape::entry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The export to call: `_start`, or the name asked for.
    pub name: String,
    /// Its type.
    pub ty: FuncType,
    /// Whether `_initialize` must run first (a reactor that exports it).
    pub initialize: bool,
}

/// Why a module cannot run on this host, found before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleError {
    /// It imports from `wasi_unstable`, the preview0 ABI.
    Preview0 {
        /// The first such import's name.
        name: String,
    },
    /// It imports something this host does not provide.
    UnknownImport {
        /// The import's module.
        module: String,
        /// Its name.
        name: String,
    },
    /// It imports a preview1 function with a type that is not the spec's.
    WrongType {
        /// The import's module (`wasi_snapshot_preview1` or `wasix_32v1`).
        module: String,
        /// The function.
        function: &'static wasi_abi::functions::Function,
        /// The type the module declares for it (`None`: not a function at all).
        found: Option<FuncType>,
    },
    /// It imports a function that takes pointers and exports no `memory`.
    NoMemory {
        /// The first such function.
        function: &'static str,
    },
    /// It has no export of the function to call.
    NoEntry {
        /// The export looked for (`_start` when none was named).
        name: String,
        /// Whether the module exports `_initialize` (a reactor).
        reactor: bool,
        /// Its exported functions.
        exports: Vec<String>,
    },
    /// `_start` or `_initialize` is not a function `() -> ()`.
    EntryType {
        /// The export.
        name: String,
    },
}

impl fmt::Display for ModuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let preview1 = wasi_abi::MODULE;
        match self {
            ModuleError::Preview0 { name } => write!(
                f,
                "the module imports `wasi_unstable`.`{name}`: that is WASI preview0, the ABI \
                 before {preview1}, which this host does not provide; rebuild the guest for \
                 {preview1} (the wasm32-wasip1 target)"
            ),
            ModuleError::UnknownImport { module, name } if module == preview1 => write!(
                f,
                "the module imports `{module}`.`{name}`, which is not a {preview1} function"
            ),
            ModuleError::UnknownImport { module, name } if module == wasi_abi::wasix::MODULE => {
                write!(
                    f,
                    "the module imports `{module}`.`{name}`, a WASIX function this host does \
                     not provide (under {module} it answers the {} preview1 functions and {} \
                     socket calls)",
                    wasi_abi::FUNCTIONS.len(),
                    wasi_abi::wasix::FUNCTIONS.len()
                )
            }
            ModuleError::UnknownImport { module, name } => write!(
                f,
                "unknown import `{module}`.`{name}`: this host provides only the {} functions \
                 of {preview1}",
                wasi_abi::FUNCTIONS.len()
            ),
            ModuleError::WrongType {
                module,
                function,
                found,
            } => {
                let found = match found {
                    Some(ty) => ty.to_string(),
                    None => "something other than a function".into(),
                };
                write!(
                    f,
                    "the module imports `{}`.`{}` as {found}, but its type is {}",
                    module,
                    function.name,
                    function.wasm_type()
                )
            }
            ModuleError::NoMemory { function } => write!(
                f,
                "the module imports `{function}`, which takes pointers into linear memory, \
                 but exports no memory named `memory`"
            ),
            ModuleError::NoEntry {
                name,
                reactor,
                exports,
            } => {
                let list = match exports.is_empty() {
                    true => "none".to_owned(),
                    false => exports.join(", "),
                };
                match (name.as_str(), reactor) {
                    ("_start", true) => write!(
                        f,
                        "the module is a reactor (it exports `_initialize` and no `_start`): \
                         name the function to call (its function exports: {list})"
                    ),
                    ("_start", false) => write!(
                        f,
                        "the module exports no `_start` function, so it is not a WASI command \
                         (its function exports: {list})"
                    ),
                    _ => write!(
                        f,
                        "the module exports no function `{name}` (its function exports: {list})"
                    ),
                }
            }
            ModuleError::EntryType { name } => {
                write!(f, "the module's `{name}` is not a function () -> ()")
            }
        }
    }
}

impl std::error::Error for ModuleError {}

impl ModuleShape {
    /// Checks that every import is a preview1 function of the spec's type, and that a
    /// module which imports a function taking pointers exports its `memory`.
    ///
    /// # Errors
    /// The first import that does not fit, as a [`ModuleError`]. Preview0 imports are
    /// reported before any other problem, since they explain all the rest.
    pub fn check_imports(&self) -> Result<(), ModuleError> {
        if let Some((_, name, _)) = self.imports.iter().find(|(m, ..)| m == "wasi_unstable") {
            return Err(ModuleError::Preview0 { name: name.clone() });
        }
        let mut needs_memory = None;
        for (module, name, kind) in &self.imports {
            let function = match module.as_str() {
                wasi_abi::MODULE => wasi_abi::functions::function(name),
                wasi_abi::wasix::MODULE => {
                    wasi_abi::functions::function(name).or_else(|| wasi_abi::wasix::function(name))
                }
                _ => None,
            };
            let Some(function) = function else {
                return Err(ModuleError::UnknownImport {
                    module: module.clone(),
                    name: name.clone(),
                });
            };
            match kind {
                ExternKind::Func(ty) if ty.is_type_of(function) => {}
                ExternKind::Func(ty) => {
                    return Err(ModuleError::WrongType {
                        module: module.clone(),
                        function,
                        found: Some(ty.clone()),
                    });
                }
                _ => {
                    return Err(ModuleError::WrongType {
                        module: module.clone(),
                        function,
                        found: None,
                    });
                }
            }
            if needs_memory.is_none() && function.uses_memory() {
                needs_memory = Some(function.name);
            }
        }
        match needs_memory {
            Some(function) if !self.exports_memory() => Err(ModuleError::NoMemory { function }),
            _ => Ok(()),
        }
    }

    /// Whether the module imports anything from `wasix_32v1` (its linker then needs the
    /// adapter's WASIX definitions too).
    pub fn imports_wasix(&self) -> bool {
        self.imports
            .iter()
            .any(|(m, ..)| m == wasi_abi::wasix::MODULE)
    }

    /// Whether the module exports a memory named `memory`.
    pub fn exports_memory(&self) -> bool {
        self.exports
            .iter()
            .any(|(name, kind)| name == "memory" && *kind == ExternKind::Memory)
    }

    fn export(&self, name: &str) -> Option<&ExternKind> {
        self.exports.iter().find(|(n, _)| n == name).map(|(_, k)| k)
    }

    /// What to call: `_start` when `invoke` is `None`, else the export `invoke` names
    /// (after `_initialize` when the module exports one).
    ///
    /// # Errors
    /// [`ModuleError::NoEntry`] when the export is missing or not a function, naming the
    /// function exports there are; [`ModuleError::EntryType`] when `_start` or
    /// `_initialize` is not `() -> ()`.
    pub fn entry(&self, invoke: Option<&str>) -> Result<Entry, ModuleError> {
        let unit = FuncType::default();
        let initialize = match self.export("_initialize") {
            None => false,
            Some(ExternKind::Func(ty)) if *ty == unit => true,
            Some(_) => {
                return Err(ModuleError::EntryType {
                    name: "_initialize".into(),
                });
            }
        };
        let name = invoke.unwrap_or("_start");
        match self.export(name) {
            Some(ExternKind::Func(ty)) if invoke.is_some() || *ty == unit => Ok(Entry {
                name: name.to_owned(),
                ty: ty.clone(),
                initialize: initialize && invoke.is_some(),
            }),
            Some(ExternKind::Func(_)) => Err(ModuleError::EntryType { name: name.into() }),
            _ => Err(ModuleError::NoEntry {
                name: name.to_owned(),
                reactor: initialize,
                exports: self.function_exports(),
            }),
        }
    }

    /// The names of the exported functions, `_initialize` and `_start` left out.
    pub fn function_exports(&self) -> Vec<String> {
        self.exports
            .iter()
            .filter(|(n, k)| {
                matches!(k, ExternKind::Func(_)) && n != "_initialize" && n != "_start"
            })
            .map(|(n, _)| n.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueType::{I32, I64};

    fn func(params: &[ValueType], results: &[ValueType]) -> ExternKind {
        ExternKind::Func(FuncType {
            params: params.to_vec(),
            results: results.to_vec(),
        })
    }

    fn shape(imports: &[(&str, &str, ExternKind)], exports: &[(&str, ExternKind)]) -> ModuleShape {
        ModuleShape {
            imports: imports
                .iter()
                .map(|(m, n, k)| (m.to_string(), n.to_string(), k.clone()))
                .collect(),
            exports: exports
                .iter()
                .map(|(n, k)| (n.to_string(), k.clone()))
                .collect(),
        }
    }

    const P1: &str = "wasi_snapshot_preview1";

    #[test]
    fn imports_of_the_spec_type_pass() {
        let s = shape(
            &[
                (P1, "fd_write", func(&[I32; 4], &[I32])),
                (P1, "fd_seek", func(&[I32, I64, I32, I32], &[I32])),
                (P1, "proc_exit", func(&[I32], &[])),
            ],
            &[("memory", ExternKind::Memory)],
        );
        assert_eq!(s.check_imports(), Ok(()));
    }

    #[test]
    fn a_wrong_type_names_both_types_in_wasm_syntax() {
        let s = shape(&[(P1, "fd_write", func(&[I32; 2], &[I32]))], &[]);
        assert_eq!(
            s.check_imports().map_err(|e| e.to_string()),
            Err(
                "the module imports `wasi_snapshot_preview1`.`fd_write` as (func (param i32 \
                 i32) (result i32)), but its type is (func (param i32 i32 i32 i32) (result \
                 i32))"
                    .into()
            )
        );
        let s = shape(&[(P1, "proc_exit", func(&[I32], &[I32]))], &[]);
        assert!(matches!(
            s.check_imports(),
            Err(ModuleError::WrongType { .. })
        ));
        let s = shape(&[(P1, "fd_close", ExternKind::Memory)], &[]);
        assert!(
            s.check_imports()
                .is_err_and(|e| e.to_string().contains("as something other than a function"))
        );
    }

    #[test]
    fn pointer_taking_imports_need_a_memory_export() {
        let imports = [
            (P1, "proc_exit", func(&[I32], &[])),
            (P1, "fd_write", func(&[I32; 4], &[I32])),
        ];
        assert_eq!(
            shape(&imports, &[]).check_imports(),
            Err(ModuleError::NoMemory {
                function: "fd_write"
            })
        );
        // A memory under another name does not count; one named `memory` does.
        let other = [("mem", ExternKind::Memory)];
        assert!(shape(&imports, &other).check_imports().is_err());
        let named = [("memory", ExternKind::Memory)];
        assert_eq!(shape(&imports, &named).check_imports(), Ok(()));
        // Without a pointer-taking import no memory is needed.
        assert_eq!(shape(&imports[..1], &[]).check_imports(), Ok(()));
    }

    #[test]
    fn preview0_and_unknown_imports() {
        let s = shape(
            &[
                ("env", "f", func(&[], &[])),
                ("wasi_unstable", "fd_write", func(&[I32; 4], &[I32])),
            ],
            &[],
        );
        let e = s.check_imports().map_err(|e| e.to_string());
        assert!(
            e.as_ref()
                .is_err_and(|e| e.contains("`wasi_unstable`.`fd_write`: that is WASI preview0")),
            "{e:?}"
        );
        let s = shape(&[("env", "f", func(&[], &[]))], &[]);
        assert_eq!(
            s.check_imports().map_err(|e| e.to_string()),
            Err(
                "unknown import `env`.`f`: this host provides only the 46 functions of \
                 wasi_snapshot_preview1"
                    .into()
            )
        );
        let s = shape(&[(P1, "fd_frobnicate", func(&[], &[I32]))], &[]);
        assert_eq!(
            s.check_imports().map_err(|e| e.to_string()),
            Err(
                "the module imports `wasi_snapshot_preview1`.`fd_frobnicate`, which is not a \
                 wasi_snapshot_preview1 function"
                    .into()
            )
        );
    }

    #[test]
    fn entries_of_commands_and_reactors() {
        let unit = func(&[], &[]);
        let add = func(&[I32, I32], &[I32]);
        let command = shape(&[], &[("_start", unit.clone()), ("add", add.clone())]);
        let start = command.entry(None);
        assert_eq!(
            start.as_ref().map(|e| (e.name.as_str(), e.initialize)),
            Ok(("_start", false))
        );
        assert_eq!(command.entry(Some("add")).map(|e| e.ty.params.len()), Ok(2));

        let reactor = shape(&[], &[("_initialize", unit.clone()), ("add", add.clone())]);
        assert_eq!(
            reactor.entry(None).map_err(|e| e.to_string()),
            Err(
                "the module is a reactor (it exports `_initialize` and no `_start`): name the \
                 function to call (its function exports: add)"
                    .into()
            )
        );
        let add_entry = reactor.entry(Some("add"));
        assert_eq!(add_entry.map(|e| e.initialize), Ok(true));
        assert_eq!(
            reactor.entry(Some("sub")).map_err(|e| e.to_string()),
            Err("the module exports no function `sub` (its function exports: add)".into())
        );
        let bare = shape(&[], &[]);
        assert_eq!(
            bare.entry(None).map_err(|e| e.to_string()),
            Err(
                "the module exports no `_start` function, so it is not a WASI command (its \
                 function exports: none)"
                    .into()
            )
        );
        let odd = shape(&[], &[("_start", add.clone())]);
        assert_eq!(
            odd.entry(None),
            Err(ModuleError::EntryType {
                name: "_start".into()
            })
        );
        let odd_init = shape(&[], &[("_initialize", add), ("_start", unit)]);
        assert_eq!(
            odd_init.entry(None),
            Err(ModuleError::EntryType {
                name: "_initialize".into()
            })
        );
    }

    #[test]
    fn func_types_display_in_text_syntax() {
        let ty = FuncType {
            params: vec![I32, ValueType::F64],
            results: vec![ValueType::Ref],
        };
        assert_eq!(ty.to_string(), "(func (param i32 f64) (result ref))");
        assert_eq!(FuncType::default().to_string(), "(func)");
    }
}
