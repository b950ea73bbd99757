//! `--invoke NAME [ARGS...]`: the arguments parsed by the export's parameter types, and its
//! results printed one per line, as `wasmtime run --invoke` does; the same for every engine.

use crate::Failure;
use wasi_impl::adapter::{FuncType, ValueType};

/// An argument or a result, whatever the engine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`.
    F32(f32),
    /// `f64`.
    F64(f64),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::I32(v) => write!(f, "{v}"),
            Value::I64(v) => write!(f, "{v}"),
            Value::F32(v) => write!(f, "{v}"),
            Value::F64(v) => write!(f, "{v}"),
        }
    }
}

/// Parses `args` (the guest's arguments after the module) by the parameter types of `ty`,
/// the export `name`. Integers may be negative, or unsigned up to the type's width
/// (`4294967295` is `-1` as `i32`).
pub fn parse_args(
    name: &str,
    ty: &FuncType,
    args: &[std::ffi::OsString],
) -> Result<Vec<Value>, Failure> {
    if let Some(bad) = ty
        .results
        .iter()
        .chain(&ty.params)
        .find(|t| !is_number(**t))
    {
        return Err(Failure::Start(format!(
            "--invoke {name}: its type {ty} has a {} value, which --invoke cannot pass or print \
             (only i32, i64, f32 and f64)",
            bad.name()
        )));
    }
    if args.len() != ty.params.len() {
        return Err(Failure::Start(format!(
            "--invoke {name}: it takes {} argument{} {ty}, and {} {} given",
            ty.params.len(),
            if ty.params.len() == 1 { "" } else { "s" },
            args.len(),
            if args.len() == 1 { "was" } else { "were" },
        )));
    }
    ty.params
        .iter()
        .zip(args)
        .enumerate()
        .map(|(i, (t, arg))| {
            let text = arg.to_string_lossy();
            parse(*t, &text).ok_or_else(|| {
                Failure::Start(format!(
                    "--invoke {name}: argument {} is {text:?}, not an {}",
                    i.saturating_add(1),
                    t.name()
                ))
            })
        })
        .collect()
}

fn is_number(t: ValueType) -> bool {
    matches!(
        t,
        ValueType::I32 | ValueType::I64 | ValueType::F32 | ValueType::F64
    )
}

fn parse(t: ValueType, text: &str) -> Option<Value> {
    match t {
        ValueType::I32 => text
            .parse::<i32>()
            .ok()
            .or_else(|| {
                text.parse::<u32>()
                    .ok()
                    .map(|u| i32::from_ne_bytes(u.to_ne_bytes()))
            })
            .map(Value::I32),
        ValueType::I64 => text
            .parse::<i64>()
            .ok()
            .or_else(|| {
                text.parse::<u64>()
                    .ok()
                    .map(|u| i64::from_ne_bytes(u.to_ne_bytes()))
            })
            .map(Value::I64),
        ValueType::F32 => text.parse::<f32>().ok().map(Value::F32),
        ValueType::F64 => text.parse::<f64>().ok().map(Value::F64),
        ValueType::V128 | ValueType::Ref => None,
    }
}

/// Prints the results, one per line.
pub fn print(results: &[Value]) {
    for value in results {
        println!("{value}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueType::*;

    fn ty(params: &[ValueType], results: &[ValueType]) -> FuncType {
        FuncType {
            params: params.to_vec(),
            results: results.to_vec(),
        }
    }

    fn args(list: &[&str]) -> Vec<std::ffi::OsString> {
        list.iter().map(Into::into).collect()
    }

    fn message(r: Result<Vec<Value>, Failure>) -> String {
        match r {
            Err(Failure::Start(m)) => m,
            other => panic!("{:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn arguments_parse_by_the_parameter_types() {
        let t = ty(&[I32, I64, F32, F64], &[]);
        let got = parse_args(
            "f",
            &t,
            &args(&["-7", "18446744073709551615", "1.5", "-2e3"]),
        );
        assert_eq!(
            got.ok(),
            Some(vec![
                Value::I32(-7),
                Value::I64(-1),
                Value::F32(1.5),
                Value::F64(-2000.0)
            ])
        );
        let got = parse_args("f", &ty(&[I32], &[]), &args(&["4294967295"]));
        assert_eq!(got.ok(), Some(vec![Value::I32(-1)]));
        assert_eq!(Value::F64(2.5).to_string(), "2.5");
        assert_eq!(Value::I64(-3).to_string(), "-3");
    }

    #[test]
    fn bad_arguments_name_the_cause() {
        let add = ty(&[I32, I32], &[I32]);
        assert_eq!(
            message(parse_args("add", &add, &args(&["1"]))),
            "--invoke add: it takes 2 arguments (func (param i32 i32) (result i32)), and 1 was given"
        );
        assert_eq!(
            message(parse_args("add", &add, &args(&["1", "x"]))),
            "--invoke add: argument 2 is \"x\", not an i32"
        );
        assert_eq!(
            message(parse_args("add", &add, &args(&["1", "4294967296"]))),
            "--invoke add: argument 2 is \"4294967296\", not an i32"
        );
        let v = ty(&[V128], &[]);
        assert!(message(parse_args("v", &v, &args(&["1"]))).contains("has a v128 value"));
    }
}
